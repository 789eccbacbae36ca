#include "deploy/failure_policy.h"

#include <algorithm>

namespace km::deploy {
namespace {

// Whether an onExitCodes rule matches `code` of container `container`; nullopt when the rule is malformed.
std::optional<bool> ExitCodesMatch(const kube::JsonValue& on, const std::string& container, int code) {
  if (!on.IsObject()) return std::nullopt;
  std::string name = kube::StringAt(on, {"containerName"});
  if (!name.empty() && name != container) return false;
  const kube::JsonValue* values = kube::Find(on, {"values"});
  if (values == nullptr || !values->IsArray()) return std::nullopt;
  bool listed = std::any_of(values->Begin(), values->End(),
                            [&](const kube::JsonValue& value) { return value.IsInt() && value.GetInt() == code; });
  std::string op = kube::StringAt(on, {"operator"});
  if (op == "In") return listed;
  if (op == "NotIn") return !listed;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FailsTheJob(const kube::JsonValue& job, const kube::PodAttempt& pod) {
  if (!pod.exit_code || *pod.exit_code == 0) return std::nullopt;
  // With restartPolicy Never (which a podFailurePolicy needs) a single container that
  // terminated non-zero makes the pod Failed; the kubelet reports that phase a second
  // or so after the container's state.
  if (pod.phase != "Failed" && kube::StringAt(job, {"spec", "template", "spec", "restartPolicy"}) != "Never") {
    return std::nullopt;
  }
  const kube::JsonValue* containers = kube::Find(job, {"spec", "template", "spec", "containers"});
  const kube::JsonValue* init = kube::Find(job, {"spec", "template", "spec", "initContainers"});
  if (containers == nullptr || !containers->IsArray() || containers->Size() != 1) return std::nullopt;
  if (init != nullptr && init->IsArray() && init->Size() > 0) return std::nullopt;
  const std::string container = kube::StringAt((*containers)[0], {"name"});
  const kube::JsonValue* rules = kube::Find(job, {"spec", "podFailurePolicy", "rules"});
  if (rules == nullptr || !rules->IsArray()) return std::nullopt;
  for (const kube::JsonValue& rule : rules->GetArray()) {
    const kube::JsonValue* on = kube::Find(rule, {"onExitCodes"});
    if (on == nullptr) return std::nullopt;  // onPodConditions: the pod's conditions are not known here
    std::optional<bool> match = ExitCodesMatch(*on, container, *pod.exit_code);
    if (!match) return std::nullopt;
    if (!*match) continue;
    if (kube::StringAt(rule, {"action"}) != "FailJob") return std::nullopt;
    return "pod/" + pod.name + " exited " + std::to_string(*pod.exit_code) +
           ": a FailJob exit code of the Job's podFailurePolicy";
  }
  return std::nullopt;
}

}  // namespace km::deploy
