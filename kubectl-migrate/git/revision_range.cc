#include "git/revision_range.h"

namespace km::git {
namespace {

std::string Short(const git_oid& oid) { return ToHex(oid).substr(0, 12); }

// The default branch as given ("main", "origin/main"), else its remote-
// tracking branch: CI checkouts rarely have a local copy of it.
Result<git_oid> ResolveDefaultBranch(const Repository& repo, const std::string& name) {
  for (const std::string& candidate : {name, "origin/" + name}) {
    KM_TRY_ASSIGN(std::optional<git_oid> commit, repo.FindCommit(candidate));
    if (commit) return *commit;
  }
  return repo.ResolveCommit(name, "--default-branch");
}

Result<ResolvedRange> FromDefaultBranch(const Repository& repo, const RangeRequest& request,
                                        const git_oid& head, const std::string& reason) {
  KM_TRY_ASSIGN(git_oid branch, ResolveDefaultBranch(repo, request.default_branch));
  KM_TRY_ASSIGN(std::optional<git_oid> base, repo.MergeBase(branch, head));
  if (!base) {
    return MakeError(ExitCode::kUsage,
                     "repository " + repo.location() + ": --head " + request.head +
                         " shares no history with --default-branch " + request.default_branch);
  }
  if (git_oid_equal(&*base, &head)) {
    return ResolvedRange{std::nullopt, head, RangeKind::kEverything,
                         reason + ", and --default-branch " + request.default_branch +
                             " already contains --head (the default branch's own first push): "
                             "every file under the path counts as added"};
  }
  return ResolvedRange{*base, head, RangeKind::kDefaultBranch,
                       reason + ": comparing from " + Short(*base) +
                           ", the merge base of --head and --default-branch " +
                           request.default_branch};
}

}  // namespace

const char* RangeKindName(RangeKind kind) {
  switch (kind) {
    case RangeKind::kDirect:
      return "direct";
    case RangeKind::kMergeBase:
      return "merge-base";
    case RangeKind::kDefaultBranch:
      return "default-branch";
    case RangeKind::kEverything:
      return "everything";
  }
  return "direct";
}

Result<ResolvedRange> ResolveRange(const Repository& repo, const RangeRequest& request) {
  KM_TRY_ASSIGN(git_oid head, repo.ResolveCommit(request.head, "--head"));

  if (IsAllZeroRevision(request.base)) {
    std::string reason = "--base is all zeros (a new branch or a first push)";
    if (!request.default_branch.empty()) {
      return FromDefaultBranch(repo, request, head, reason);
    }
    return ResolvedRange{std::nullopt, head, RangeKind::kEverything,
                         reason +
                             " and no --default-branch was given: every file under the "
                             "path counts as added"};
  }

  KM_TRY_ASSIGN(std::optional<git_oid> base, repo.FindCommit(request.base));
  if (!base) {
    if (repo.IsShallow()) return repo.ResolveCommit(request.base, "--base").error();
    if (request.default_branch.empty()) {
      Error error = repo.ResolveCommit(request.base, "--base").error();
      error.message += "; if a force push made it unreachable, pass --default-branch";
      return error;
    }
    return FromDefaultBranch(
        repo, request, head,
        "--base " + request.base + " is not in this clone (a force push can leave it unreachable)");
  }

  if (git_oid_equal(&*base, &head)) return ResolvedRange{*base, head, RangeKind::kDirect, ""};
  KM_TRY_ASSIGN(std::optional<git_oid> merge_base, repo.MergeBase(*base, head));
  if (!merge_base) {
    return MakeError(ExitCode::kUsage, "repository " + repo.location() + ": --base " +
                                           request.base + " and --head " + request.head +
                                           " share no history");
  }
  if (git_oid_equal(&*merge_base, &*base)) {
    return ResolvedRange{*base, head, RangeKind::kDirect, ""};
  }
  return ResolvedRange{*merge_base, head, RangeKind::kMergeBase,
                       "--base " + Short(*base) + " is not an ancestor of --head " + Short(head) +
                           " (a pull request whose base moved on, or a force push): comparing "
                           "from their merge base " +
                           Short(*merge_base) + ", like `git diff base...head`"};
}

}  // namespace km::git
