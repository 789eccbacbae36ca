#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "migrations/migration_set.h"

namespace km::migrations {

// Where in a migration file an error is.
struct FilePosition {
  size_t line = 0;    // 1-based
  size_t column = 0;  // 1-based, in characters (UTF-8 code points), as an editor shows it
  size_t offset = 0;  // byte offset in the file
};

// Maps PostgreSQL's error position (PG_DIAG_STATEMENT_POSITION: 1-based, in
// characters, counted from the start of the query that was sent) to the
// file, for a query that is the chunk starting at byte `chunk_offset` of
// `file` (its line and column count from the start of the file). The
// position one past the end of the query ("at end of input") is valid.
// nullopt when there is no position (<= 0) or it lies beyond the file.
std::optional<FilePosition> ErrorPositionInFile(std::string_view file, size_t chunk_offset,
                                                int position);

// The same for statement `statement` (0-based index into m.statements) of a
// migration. nullopt also when the index is out of range or the position
// lies more than one character past the end of that statement.
std::optional<FilePosition> ErrorPositionInFile(const Migration& m, size_t statement, int position);

}  // namespace km::migrations
