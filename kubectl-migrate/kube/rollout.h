#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kube/client.h"

namespace km::kube {

// What `kubectl rollout undo deployment/X [--to-revision=N]` would do.
struct RollbackPlan {
  bool skip = false;     // the template already matches that revision
  int64_t revision = 0;  // the revision rolled back to
  std::string patch;     // application/json-patch+json body, when !skip
};

// Chooses the ReplicaSet as kubectl does (pkg/polymorphichelpers/rollback.go): among
// `replica_sets` (a ReplicaSetList) controlled by the Deployment, the one with
// revision `to_revision`, or for 0 the second-highest revision; then builds the
// patch that restores its pod template (without pod-template-hash) and its
// annotations (keeping the Deployment's own revision bookkeeping). Errors: no
// history, revision not found, paused Deployment.
Result<RollbackPlan> PlanRollback(const JsonValue& deployment, const JsonValue& replica_sets,
                                  int64_t to_revision);

// GETs the Deployment, lists its ReplicaSets, plans and PATCHes. Returns the line
// kubectl prints: "deployment.apps/X rolled back" or
// "deployment.apps/X skipped rollback (current template already matches revision N)".
Result<std::string> UndoRollout(Client& client, std::string_view ns, std::string_view name,
                                int64_t to_revision = 0);

// The Deployment's current revision (annotation deployment.kubernetes.io/revision;
// 0 before its first rollout). Errors: NotFound, Forbidden, ...
Result<int64_t> DeploymentRevision(Client& client, std::string_view ns, std::string_view name);

// Deep equality of two JSON values in which a missing member, null, {} and [] are
// the same (as Go's semantic equality after decoding omitempty fields).
bool SemanticEqual(const JsonValue& a, const JsonValue& b);

}  // namespace km::kube
