#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "migrations/journal.h"
#include "util/result.h"

namespace km::migrations {

// A migration as written by Drizzle Kit, read from disk.
struct Migration {
  int64_t idx = 0;
  int64_t when = 0;                     // journal "when": stored as created_at
  std::string tag;                      // "20261124135554_users"
  std::string path;                     // "<dir>/<tag>.sql"
  std::string sql;                      // file text (bytes as drizzle-orm reads them: UTF-8)
  std::string hash;                     // lowercase hex SHA-256 of `sql`, as drizzle stores it
  std::vector<std::string> statements;  // split on the statement breakpoint
  // Byte offset in `sql` of each of `statements` (same index), e.g. to turn
  // an error position into a file line: see ErrorPositionInFile.
  std::vector<size_t> statement_offsets;
  // Non-empty when the migration must run outside a transaction: the
  // directive comment, or the first statement that cannot run in one.
  std::string no_transaction_reason;
};

struct MigrationSet {
  std::string dir;
  std::string journal_path;
  std::vector<Migration> migrations;  // journal order
};

// Loads <dir>/meta/_journal.json and every <tag>.sql it names. A missing
// folder, journal or file is a validation error naming the path; nothing is
// half-loaded.
Result<MigrationSet> LoadMigrationSet(const std::string& dir);

// Builds a Migration from journal entry + file bytes (no I/O). Invalid UTF-8
// is replaced like Node.js does, so hashes match drizzle-orm's for any file.
// A validation error, naming the file, when a statement that cannot run in a
// transaction shares its chunk with other statements (it could never run).
Result<Migration> MakeMigration(const JournalEntry& entry, std::string path, std::string file_bytes);

}  // namespace km::migrations
