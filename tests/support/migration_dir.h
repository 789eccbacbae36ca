#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace km::testing {

// A Drizzle Kit migrations folder written by a test: meta/_journal.json and
// one <tag>.sql per migration, in a fresh temp dir removed at the end.
class MigrationDir {
 public:
  MigrationDir();
  ~MigrationDir();
  MigrationDir(const MigrationDir&) = delete;
  MigrationDir& operator=(const MigrationDir&) = delete;

  // Appends a journal entry and writes its file. Statements are joined with
  // drizzle's "--> statement-breakpoint" separator.
  MigrationDir& Add(const std::string& tag, int64_t when, const std::vector<std::string>& statements);
  // Rewrites a migration's file (to simulate an edit after it was applied).
  void Edit(const std::string& tag, const std::string& sql);
  // Removes a file (the journal still names it).
  void RemoveFile(const std::string& tag);
  // Replaces the journal text as is.
  void WriteJournal(const std::string& text);

  const std::string& path() const { return path_; }

 private:
  struct Entry {
    std::string tag;
    int64_t when;
  };
  void WriteJournalFromEntries();

  std::string path_;
  std::vector<Entry> entries_;
};

// Writes `text` to `path`, creating folders as needed.
void WriteFile(const std::string& path, const std::string& text);

}  // namespace km::testing

namespace km::testing {

// A Drizzle Kit v1 migrations folder written by a test: one
// <YYYYMMDDhhmmss>_<name>/migration.sql (+ snapshot.json) per migration, no
// journal, in a fresh temp dir removed at the end.
class MigrationFolders {
 public:
  MigrationFolders();
  ~MigrationFolders();
  MigrationFolders(const MigrationFolders&) = delete;
  MigrationFolders& operator=(const MigrationFolders&) = delete;

  // Writes <name>/migration.sql (statements joined with drizzle's separator) and snapshot.json.
  MigrationFolders& Add(const std::string& name, const std::vector<std::string>& statements);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace km::testing
