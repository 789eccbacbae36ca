#include "git/tree_diff.h"

#include <algorithm>
#include <memory>

namespace km::git {
namespace {

struct DiffDeleter {
  void operator()(git_diff* diff) const { git_diff_free(diff); }
};

Error DiffError(const Repository& repo, const std::string& what) {
  const git_error* error = git_error_last();
  return MakeError(ExitCode::kUsage, "repository " + repo.location() + ": " + what + ": " +
                                         (error != nullptr ? error->message : "unknown error"));
}

FileChange ToFileChange(const git_diff_delta& delta) {
  FileChange change;
  change.path = delta.new_file.path;
  switch (delta.status) {
    case GIT_DELTA_ADDED:
      change.status = ChangeStatus::kAdded;
      break;
    case GIT_DELTA_DELETED:
      change.status = ChangeStatus::kDeleted;
      change.path = delta.old_file.path;
      break;
    case GIT_DELTA_RENAMED:
      change.status = ChangeStatus::kRenamed;
      change.old_path = delta.old_file.path;
      change.similarity = static_cast<int>(delta.similarity);
      break;
    default:  // modified, or a type change (file <-> symlink)
      change.status = ChangeStatus::kModified;
      break;
  }
  return change;
}

}  // namespace

const char* ChangeStatusName(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::kAdded:
      return "added";
    case ChangeStatus::kModified:
      return "modified";
    case ChangeStatus::kDeleted:
      return "deleted";
    case ChangeStatus::kRenamed:
      return "renamed";
  }
  return "modified";
}

std::string NormalizeFolder(const std::string& folder) {
  std::string normalized = folder;
  while (normalized.starts_with("./")) normalized.erase(0, 2);
  while (!normalized.empty() && normalized.back() == '/') normalized.pop_back();
  return normalized == "." ? "" : normalized;
}

Result<std::vector<FileChange>> DiffUnderFolder(const Repository& repo, git_tree* from,
                                                git_tree* to, const std::string& folder) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  char* pathspec[] = {const_cast<char*>(folder.c_str())};
  if (!folder.empty()) {
    options.pathspec.strings = pathspec;
    options.pathspec.count = 1;
    options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;  // a literal folder, not a glob
  }
  git_diff* raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo.raw(), from, to, &options) != 0) {
    return DiffError(repo, "diffing " + (folder.empty() ? std::string(".") : folder));
  }
  std::unique_ptr<git_diff, DiffDeleter> diff(raw);

  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff.get(), &find) != 0) {
    return DiffError(repo, "detecting renames");
  }

  std::vector<FileChange> changes;
  size_t count = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < count; ++i) {
    changes.push_back(ToFileChange(*git_diff_get_delta(diff.get(), i)));
  }
  std::sort(changes.begin(), changes.end(),
            [](const FileChange& a, const FileChange& b) { return a.path < b.path; });
  return changes;
}

}  // namespace km::git
