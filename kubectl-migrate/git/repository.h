#pragma once

// The one place that talks to libgit2: opening a repository, resolving
// revisions, merge bases, trees and blobs. libgit2 errors become km::Error
// values naming the repository and the revision.

#include <git2.h>

#include <memory>
#include <optional>
#include <string>

#include "util/result.h"

namespace km::git {

struct CommitDeleter {
  void operator()(git_commit* commit) const { git_commit_free(commit); }
};
struct TreeDeleter {
  void operator()(git_tree* tree) const { git_tree_free(tree); }
};
using CommitPtr = std::unique_ptr<git_commit, CommitDeleter>;
using TreePtr = std::unique_ptr<git_tree, TreeDeleter>;

// Full lowercase hex of an object id.
std::string ToHex(const git_oid& oid);

// True for the all-zero object id GitHub sends as `before` of a new branch.
bool IsAllZeroRevision(const std::string& revision);

class Repository {
 public:
  // Opens the repository containing `path` (searching parent directories,
  // like git). Errors are kUsage.
  static Result<Repository> Open(const std::string& path);

  // The commit a revision names ("main", "origin/main", "HEAD~2", a hex id).
  // nullopt when nothing by that name exists; other failures are errors.
  Result<std::optional<git_oid>> FindCommit(const std::string& revision) const;

  // Like FindCommit, but a missing revision is an error that explains why a
  // shallow clone lacks it (`fetch-depth: 0`). `role` is "--base" or "--head".
  Result<git_oid> ResolveCommit(const std::string& revision, const std::string& role) const;

  // The best common ancestor of a and b; nullopt when histories are unrelated.
  // In a shallow clone only an ancestor relation within the fetched commits
  // can be answered; anything else is an error naming `fetch-depth: 0`.
  Result<std::optional<git_oid>> MergeBase(const git_oid& a, const git_oid& b) const;

  Result<TreePtr> TreeOf(const git_oid& commit) const;

  // The bytes of the file at `path` in `tree`; nullopt when there is none.
  Result<std::optional<std::string>> ReadFileAt(git_tree* tree, const std::string& path) const;

  // True when `path` names a file or folder in `tree`.
  Result<bool> PathExists(git_tree* tree, const std::string& path) const;

  bool IsShallow() const;
  git_repository* raw() const { return repo_.get(); }
  const std::string& location() const { return location_; }

 private:
  struct RepositoryDeleter {
    void operator()(git_repository* repo) const { git_repository_free(repo); }
  };
  Repository(git_repository* repo, std::string location);

  // "repository /x: <what>: <libgit2 message>"
  Error LibraryError(ExitCode code, const std::string& what) const;
  Error ShallowHistoryError(const std::string& what) const;
  // Walks parents from `descendant`, skipping commits a shallow clone lacks.
  Result<bool> ReachableWithinClone(const git_oid& ancestor, const git_oid& descendant) const;

  std::unique_ptr<git_repository, RepositoryDeleter> repo_;
  std::string location_;
};

}  // namespace km::git
