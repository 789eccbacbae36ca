#pragma once

// Turns the revisions a workflow has (push: before/after, pull request:
// base/head) into the two commits to compare.

#include <git2.h>

#include <optional>
#include <string>

#include "git/repository.h"
#include "util/result.h"

namespace km::git {

struct RangeRequest {
  std::string base;            // push `before`, the PR base, or all zeros
  std::string head;            // push `after`, the PR head
  std::string default_branch;  // optional: fallback when base is all zeros or gone
};

enum class RangeKind {
  kDirect,         // base is an ancestor of head: base..head
  kMergeBase,      // base is not an ancestor (PR base moved on, force push)
  kDefaultBranch,  // from the merge base of head and the default branch
  kEverything,     // no base: every file at head counts as added
};

struct ResolvedRange {
  std::optional<git_oid> from;  // nullopt for kEverything (the empty tree)
  git_oid to;
  RangeKind kind = RangeKind::kDirect;
  std::string note;  // why `from` is not simply base; empty for kDirect
};

// "direct", "merge-base", "default-branch", "everything".
const char* RangeKindName(RangeKind kind);

// Resolves the range like `git diff base...head`: from the merge base of
// base and head, so a base that is not an ancestor (a pull request whose
// base branch moved on, a force push) compares only what head added.
// An all-zero base compares against the merge base with default_branch, or
// with nothing at all when default_branch is empty. Errors are kUsage.
Result<ResolvedRange> ResolveRange(const Repository& repo, const RangeRequest& request);

}  // namespace km::git
