#pragma once

// `kubectl migrate changed`: which migration files a range of commits
// added, modified, deleted or renamed, which journal tags it added, and
// which edits touch migrations that already existed at the base.

#include <string>
#include <vector>

#include "git/revision_range.h"
#include "git/tree_diff.h"

namespace km::git {

struct ChangeRequest {
  std::string repository = ".";  // any path inside the work tree
  RangeRequest range;
  std::string folder = "migrations";  // relative to the repository root
};

// An edit to a migration that existed at the base of the range: it may
// already be applied somewhere, so changing it makes databases drift.
struct ExistingMigrationEdit {
  std::string path;  // the .sql file, or the journal for journal entries
  // "modified", "deleted", "renamed to <path>", "entry edited", "entry removed". A v1
  // migration.sql counts like a <tag>.sql (renaming its folder renames the migration:
  // drizzle-orm v1 would run it again); snapshot.json edits do not count, nor does
  // `drizzle-kit up` moving an unchanged <tag>.sql into a v1 folder.
  std::string edit;
  std::string tag;   // the journal entry's tag; empty for .sql files
};

struct ChangeReport {
  std::string folder;
  std::string base;         // as given
  std::string head;         // as given
  std::string from_commit;  // empty when every file counts as added
  std::string to_commit;
  RangeKind range_kind = RangeKind::kDirect;
  std::string range_note;
  std::vector<FileChange> files;
  std::vector<ExistingMigrationEdit> existing_edits;
  // New migrations: journal tags added, and Drizzle Kit v1 folders whose
  // migration.sql was added (the folder name).
  std::vector<std::string> added_tags;
  std::vector<std::string> warnings;  // e.g. a journal that does not parse

  bool changed() const { return !files.empty(); }
};

// "<path>: modifies an existing migration (...): it may already be applied;
// that is how drift is born".
std::string DescribeEdit(const ExistingMigrationEdit& edit);

// Errors (bad repository, revision or folder; shallow history) are kUsage.
Result<ChangeReport> DetectChanges(const ChangeRequest& request);

}  // namespace km::git
