#pragma once

#include <optional>
#include <string>

#include "kube/json.h"
#include "kube/pod_logs.h"

namespace km::deploy {

// What the Job controller will make of a failed pod under the Job's podFailurePolicy, known
// as soon as the pod is seen Failed: when the first rule that matches it is a FailJob rule on
// exit codes, the Job fails (it sets FailureTarget, reason PodFailurePolicy, a second or two
// later). Returns "pod/x exited 1: a FailJob exit code of the Job's podFailurePolicy", or
// nullopt when that is not certain: no policy, a pod not Failed or without an exit code, a
// pod template with more than one container (only the first one's exit code is known here),
// or an onPodConditions rule before the matching one (the pod's conditions are not known).
std::optional<std::string> FailsTheJob(const kube::JsonValue& job, const kube::PodAttempt& pod);

}  // namespace km::deploy
