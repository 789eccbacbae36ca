#include "git/repository.h"

#include <algorithm>
#include <mutex>
#include <set>
#include <vector>

namespace km::git {
namespace {

struct ObjectDeleter {
  void operator()(git_object* object) const { git_object_free(object); }
};
struct TreeEntryDeleter {
  void operator()(git_tree_entry* entry) const { git_tree_entry_free(entry); }
};
struct BlobDeleter {
  void operator()(git_blob* blob) const { git_blob_free(blob); }
};

void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string LastLibraryMessage() {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

constexpr const char* kShallowHint =
    "the clone is shallow (actions/checkout fetches a single commit by default): set "
    "`fetch-depth: 0` on actions/checkout, or run `git fetch --unshallow` before this command";

}  // namespace

std::string ToHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

bool IsAllZeroRevision(const std::string& revision) {
  return revision.size() >= 40 &&
         std::all_of(revision.begin(), revision.end(), [](char c) { return c == '0'; });
}

Repository::Repository(git_repository* repo, std::string location)
    : repo_(repo), location_(std::move(location)) {}

Result<Repository> Repository::Open(const std::string& path) {
  InitLibrary();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    return MakeError(ExitCode::kUsage,
                     "opening git repository at " + path + ": " + LastLibraryMessage());
  }
  const char* workdir = git_repository_workdir(repo);
  std::string location = workdir != nullptr ? workdir : git_repository_path(repo);
  if (location.size() > 1 && location.back() == '/') location.pop_back();
  return Repository(repo, std::move(location));
}

Error Repository::LibraryError(ExitCode code, const std::string& what) const {
  return MakeError(code, "repository " + location_ + ": " + what + ": " + LastLibraryMessage());
}

Error Repository::ShallowHistoryError(const std::string& what) const {
  return MakeError(ExitCode::kUsage, "repository " + location_ + ": " + what + ": " + kShallowHint);
}

bool Repository::IsShallow() const { return git_repository_is_shallow(repo_.get()) == 1; }

Result<std::optional<git_oid>> Repository::FindCommit(const std::string& revision) const {
  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, repo_.get(), revision.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<git_oid>();
  if (rc != 0) {
    return LibraryError(ExitCode::kUsage, "revision \"" + revision + "\"");
  }
  std::unique_ptr<git_object, ObjectDeleter> object(raw);
  git_object* peeled_raw = nullptr;
  if (git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT) != 0) {
    return LibraryError(ExitCode::kUsage, "revision \"" + revision + "\" is not a commit");
  }
  std::unique_ptr<git_object, ObjectDeleter> peeled(peeled_raw);
  return std::optional<git_oid>(*git_object_id(peeled.get()));
}

Result<git_oid> Repository::ResolveCommit(const std::string& revision,
                                          const std::string& role) const {
  KM_TRY_ASSIGN(std::optional<git_oid> commit, FindCommit(revision));
  if (commit) return *commit;
  std::string what = role + " " + revision + " is not in this clone";
  if (IsShallow()) return ShallowHistoryError(what);
  return MakeError(ExitCode::kUsage,
                   "repository " + location_ + ": " + what + " (no such branch, tag or commit)");
}

Result<std::optional<git_oid>> Repository::MergeBase(const git_oid& a, const git_oid& b) const {
  git_oid base;
  int rc = git_merge_base(&base, repo_.get(), &a, &b);
  if (rc == 0) return std::optional<git_oid>(base);
  // libgit2 fails on the missing parents of a shallow clone. A push range
  // (a is an ancestor of b within the fetched commits) is still answerable;
  // anything else needs the history that was not fetched.
  if (IsShallow()) {
    KM_TRY_ASSIGN(bool a_in_b, ReachableWithinClone(a, b));
    if (a_in_b) return std::optional<git_oid>(a);
    KM_TRY_ASSIGN(bool b_in_a, ReachableWithinClone(b, a));
    if (b_in_a) return std::optional<git_oid>(b);
    return ShallowHistoryError("finding the merge base of " + ToHex(a) + " and " + ToHex(b));
  }
  if (rc == GIT_ENOTFOUND) return std::optional<git_oid>();
  return LibraryError(ExitCode::kUsage,
                      "finding the merge base of " + ToHex(a) + " and " + ToHex(b));
}

Result<bool> Repository::ReachableWithinClone(const git_oid& ancestor,
                                              const git_oid& descendant) const {
  std::vector<git_oid> pending = {descendant};
  std::set<std::string> seen;
  while (!pending.empty()) {
    git_oid id = pending.back();
    pending.pop_back();
    if (git_oid_equal(&id, &ancestor)) return true;
    if (!seen.insert(ToHex(id)).second) continue;
    git_commit* raw = nullptr;
    int rc = git_commit_lookup(&raw, repo_.get(), &id);
    if (rc == GIT_ENOTFOUND) continue;  // beyond the shallow cut
    if (rc != 0) return LibraryError(ExitCode::kUsage, "reading commit " + ToHex(id));
    CommitPtr commit(raw);
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      pending.push_back(*git_commit_parent_id(commit.get(), i));
    }
  }
  return false;
}

Result<TreePtr> Repository::TreeOf(const git_oid& commit_id) const {
  git_commit* commit_raw = nullptr;
  if (git_commit_lookup(&commit_raw, repo_.get(), &commit_id) != 0) {
    return LibraryError(ExitCode::kUsage, "commit " + ToHex(commit_id));
  }
  CommitPtr commit(commit_raw);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit.get()) != 0) {
    return LibraryError(ExitCode::kUsage, "tree of commit " + ToHex(commit_id));
  }
  return TreePtr(tree);
}

Result<bool> Repository::PathExists(git_tree* tree, const std::string& path) const {
  git_tree_entry* entry = nullptr;
  int rc = git_tree_entry_bypath(&entry, tree, path.c_str());
  if (rc == GIT_ENOTFOUND) return false;
  if (rc != 0) return LibraryError(ExitCode::kUsage, "looking up " + path);
  git_tree_entry_free(entry);
  return true;
}

Result<std::optional<std::string>> Repository::ReadFileAt(git_tree* tree,
                                                          const std::string& path) const {
  git_tree_entry* entry_raw = nullptr;
  int rc = git_tree_entry_bypath(&entry_raw, tree, path.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  if (rc != 0) return LibraryError(ExitCode::kUsage, "looking up " + path);
  std::unique_ptr<git_tree_entry, TreeEntryDeleter> entry(entry_raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::optional<std::string>();
  git_blob* blob_raw = nullptr;
  if (git_blob_lookup(&blob_raw, repo_.get(), git_tree_entry_id(entry.get())) != 0) {
    return LibraryError(ExitCode::kUsage, "reading " + path);
  }
  std::unique_ptr<git_blob, BlobDeleter> blob(blob_raw);
  const char* bytes = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::optional<std::string>(
      std::string(bytes, static_cast<size_t>(git_blob_rawsize(blob.get()))));
}

}  // namespace km::git
