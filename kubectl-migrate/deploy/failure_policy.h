#pragma once

#include <optional>
#include <string>

#include "kube/json.h"
#include "kube/pod_logs.h"

namespace km::deploy {

// What the Job controller will make of a failed pod under the Job's podFailurePolicy, known
// as soon as the pod's container is seen terminated (restartPolicy Never: the pod is then
// bound to become Failed): when the first rule that matches it is a FailJob rule on exit
// codes, the Job fails (the controller sets FailureTarget, reason PodFailurePolicy, about two
// seconds later). Returns "pod/x exited 1: a FailJob exit code of the Job's podFailurePolicy",
// or nullopt when that is not certain: no policy, no exit code yet, a pod that may restart
// its container and is not Failed, a pod template with more than one container or with init
// containers (only the first container's exit code is known here), or an onPodConditions
// rule before the matching one (the pod's conditions are not known here).
std::optional<std::string> FailsTheJob(const kube::JsonValue& job, const kube::PodAttempt& pod);

}  // namespace km::deploy
