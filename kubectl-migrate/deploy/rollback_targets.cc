#include "deploy/rollback_targets.h"

#include "kube/rollout.h"
#include "util/kube_names.h"

namespace km::deploy {

Result<RollbackTarget> ParseRollbackTarget(std::string_view text) {
  auto ref = ParseDeploymentRef(text);
  if (!ref) {
    return MakeError(ExitCode::kUsage, "--rollback must be deployment/NAME or deployment/NAME@REVISION, not \"" +
                                           std::string(text) + "\" (" + ref.error().message + ")");
  }
  return RollbackTarget{std::move(ref->name), ref->revision};
}

Status RecordRevisions(kube::Client& client, const std::string& ns, std::vector<RollbackTarget>& targets) {
  for (RollbackTarget& target : targets) {
    if (target.revision) continue;
    auto revision = kube::DeploymentRevision(client, ns, target.deployment);
    if (!revision) return std::move(revision).error().Wrap("--rollback deployment/" + target.deployment);
    target.revision = *revision;
  }
  return Ok();
}

std::vector<RollbackResult> RollBackChanged(kube::Client& client, const std::string& ns,
                                            const std::vector<RollbackTarget>& targets) {
  std::vector<RollbackResult> results;
  for (const RollbackTarget& target : targets) {
    RollbackResult result{target.deployment, "", "", target.revision.value_or(0)};
    auto current = kube::DeploymentRevision(client, ns, target.deployment);
    if (!current) {
      result.result = "error";
      result.message = current.error().message;
    } else if (*current == result.revision || result.revision == 0) {
      result.result = "unchanged";
      result.message = "deployment.apps/" + target.deployment + " left alone: still at revision " +
                       std::to_string(*current) +
                       (result.revision == 0 ? " (it had no revision before this deploy)"
                                             : ", the one it had before this deploy");
    } else {
      auto undone = kube::UndoRollout(client, ns, target.deployment, result.revision);
      if (!undone) {
        result.result = "error";
        result.message = undone.error().message;
      } else if (undone->find("skipped rollback") != std::string::npos) {
        result.result = "skipped";
        result.message = *undone;
      } else {
        result.result = "rolled back";
        result.message = *undone + " to revision " + std::to_string(result.revision) + " (from " +
                         std::to_string(*current) + ")";
      }
    }
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<RollbackResult> Withheld(const std::vector<RollbackTarget>& targets, const std::string& why) {
  std::vector<RollbackResult> results;
  for (const RollbackTarget& target : targets) {
    results.push_back({target.deployment, "withheld",
                       "deployment.apps/" + target.deployment + " not rolled back: " + why,
                       target.revision.value_or(0)});
  }
  return results;
}

}  // namespace km::deploy
