#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/client.h"
#include "util/result.h"

namespace km::deploy {

// A Deployment `run` may return to its pre-deploy revision when the migration fails.
struct RollbackTarget {
  std::string deployment;
  // The revision it had before this deploy: given as deployment/NAME@REVISION
  // (when the workflow changed the image before `run`), else read when `run` starts.
  std::optional<int64_t> revision;
};

// deployment/NAME or deployment/NAME@REVISION (also deploy/, deployments/,
// deployment.apps/ ...); anything else is a usage error.
Result<RollbackTarget> ParseRollbackTarget(std::string_view text);

// Fills in the current revision of every target that has none: what "before this
// deploy" means. A Deployment that cannot be read is an error before anything runs.
Status RecordRevisions(kube::Client& client, const std::string& ns, std::vector<RollbackTarget>& targets);

struct RollbackResult {
  std::string deployment;
  std::string result;    // "rolled back", "unchanged", "skipped", "withheld", "error"
  std::string message;   // what happened, in one line
  int64_t revision = 0;  // the pre-deploy revision
};

// Returns each target to its pre-deploy revision, and leaves alone (result
// "unchanged") one that is still at it: a failed migration never downgrades a
// Deployment this deploy did not change.
std::vector<RollbackResult> RollBackChanged(kube::Client& client, const std::string& ns,
                                            const std::vector<RollbackTarget>& targets);

// Results for targets not rolled back because the migration may still commit.
std::vector<RollbackResult> Withheld(const std::vector<RollbackTarget>& targets, const std::string& why);

}  // namespace km::deploy
