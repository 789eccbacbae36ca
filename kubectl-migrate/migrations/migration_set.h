#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "migrations/journal.h"
#include "util/result.h"

namespace km::migrations {

// The two folder layouts Drizzle Kit writes.
enum class Layout {
  kJournal,  // 0.x: meta/_journal.json + <tag>.sql
  kFolders,  // v1: <YYYYMMDDhhmmss>_<name>/migration.sql (+ snapshot.json), no journal
};

const char* LayoutName(Layout layout);  // "journal" or "folders"

// A migration as written by Drizzle Kit, read from disk.
struct Migration {
  int64_t idx = 0;
  int64_t when = 0;                     // journal "when" or the folder's timestamp: stored as created_at
  std::string tag;                      // "20261124135554_users" (journal tag or folder name)
  std::string path;                     // "<dir>/<tag>.sql" or "<dir>/<tag>/migration.sql"
  Layout layout = Layout::kJournal;
  // The `name` column of a v1 history table: the folder name; for a journal
  // migration the folder name `drizzle-kit up` will give it.
  std::string history_name;
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
  Layout layout = Layout::kJournal;
  std::string journal_path;           // journal layout only
  std::vector<Migration> migrations;  // journal order, or folders by name (= by timestamp)

  // Where the list of migrations comes from, for messages: the journal's
  // path, or "<dir> (migration folders)".
  std::string Source() const;
};

// Loads a migrations folder in either layout, detected from its content:
// meta/_journal.json → journal layout (every <tag>.sql it names); otherwise
// <YYYYMMDDhhmmss>_<name>/migration.sql folders (LoadMigrationFolders). A
// missing folder, journal or file, a folder holding both layouts or neither,
// is a validation error naming the path; nothing is half-loaded.
Result<MigrationSet> LoadMigrationSet(const std::string& dir);

// True when `dir` holds meta/_journal.json (the 0.x layout).
bool HasJournal(const std::string& dir);

// Builds a Migration from journal entry + file bytes (no I/O). Invalid UTF-8
// is replaced like Node.js does, so hashes match drizzle-orm's for any file.
// A validation error, naming the file, when a statement that cannot run in a
// transaction shares its chunk with other statements (it could never run).
Result<Migration> MakeMigration(const JournalEntry& entry, std::string path, std::string file_bytes,
                                Layout layout = Layout::kJournal);

}  // namespace km::migrations
