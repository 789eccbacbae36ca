#pragma once

// Which files under one folder differ between two trees, with rename
// detection, like `git diff --name-status -M from to -- <folder>`.

#include <git2.h>

#include <string>
#include <vector>

#include "git/repository.h"
#include "util/result.h"

namespace km::git {

enum class ChangeStatus { kAdded, kModified, kDeleted, kRenamed };

// "added", "modified", "deleted", "renamed".
const char* ChangeStatusName(ChangeStatus status);

struct FileChange {
  ChangeStatus status = ChangeStatus::kModified;
  std::string path;      // the path at head; for deletions the path at base
  std::string old_path;  // the path at base; set for renames only
  int similarity = 0;    // percent, for renames only
};

// "migrations/", "./migrations" and "migrations" all become "migrations";
// "." and "" become "" (the whole repository).
std::string NormalizeFolder(const std::string& folder);

// The changes from `from` (nullptr: the empty tree) to `to` under `folder`
// (normalized), sorted by path.
Result<std::vector<FileChange>> DiffUnderFolder(const Repository& repo, git_tree* from,
                                                git_tree* to, const std::string& folder);

}  // namespace km::git
