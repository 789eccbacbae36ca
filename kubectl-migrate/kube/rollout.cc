#include "kube/rollout.h"

#include <charconv>
#include <set>

#include "kube/selector.h"

namespace km::kube {
namespace {

constexpr const char* kRevision = "deployment.kubernetes.io/revision";
constexpr const char* kHashLabel = "pod-template-hash";

// The Deployment's own bookkeeping, never copied from a ReplicaSet (kubectl's annotationsToSkip).
const std::set<std::string, std::less<>>& AnnotationsToSkip() {
  static const std::set<std::string, std::less<>> kSkip = {
      "kubectl.kubernetes.io/last-applied-configuration",
      kRevision,
      "deployment.kubernetes.io/revision-history",
      "deployment.kubernetes.io/desired-replicas",
      "deployment.kubernetes.io/max-replicas",
      "deprecated.deployment.rollback.to",
  };
  return kSkip;
}

Error RollbackError(std::string message) {
  return MakeError(ExitCode::kApiError, std::move(message));
}

bool Empty(const JsonValue& v) {
  return v.IsNull() || (v.IsObject() && v.MemberCount() == 0) || (v.IsArray() && v.Empty());
}

bool Contains(const JsonValue& object, const JsonValue& other) {
  for (const auto& member : object.GetObject()) {
    auto found = other.FindMember(member.name);
    if (found == other.MemberEnd()) {
      if (!Empty(member.value)) return false;
    } else if (!SemanticEqual(member.value, found->value)) {
      return false;
    }
  }
  return true;
}

// The revision annotation: missing → 0, unparsable → nullopt (kubectl skips those).
std::optional<int64_t> Revision(const JsonValue& object) {
  const JsonValue* value = Find(object, {"metadata", "annotations", kRevision});
  if (value == nullptr || !value->IsString()) return 0;
  std::string_view text(value->GetString(), value->GetStringLength());
  int64_t revision = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), revision);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return revision;
}

bool ControlledBy(const JsonValue& object, const std::string& uid) {
  const JsonValue* owners = Find(object, {"metadata", "ownerReferences"});
  if (owners == nullptr || !owners->IsArray()) return false;
  for (const JsonValue& owner : owners->GetArray()) {
    if (TrueAt(owner, {"controller"}) && StringAt(owner, {"uid"}) == uid) return true;
  }
  return false;
}

// A copy of a pod template without the pod-template-hash label.
JsonDoc WithoutHash(const JsonValue& template_) {
  JsonDoc copy = CopyJson(template_);
  if (copy.IsObject()) {
    auto metadata = copy.FindMember("metadata");
    if (metadata != copy.MemberEnd() && metadata->value.IsObject()) {
      auto labels = metadata->value.FindMember("labels");
      if (labels != metadata->value.MemberEnd() && labels->value.IsObject()) {
        labels->value.RemoveMember(kHashLabel);
      }
    }
  }
  return copy;
}

}  // namespace

bool SemanticEqual(const JsonValue& a, const JsonValue& b) {
  if (Empty(a) && Empty(b)) return true;
  if (a.IsObject() && b.IsObject()) return Contains(a, b) && Contains(b, a);
  if (a.IsArray() && b.IsArray()) {
    if (a.Size() != b.Size()) return false;
    for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
      if (!SemanticEqual(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

Result<RollbackPlan> PlanRollback(const JsonValue& deployment, const JsonValue& replica_sets,
                                  int64_t to_revision) {
  std::string name = StringAt(deployment, {"metadata", "name"});
  std::string uid = StringAt(deployment, {"metadata", "uid"});
  if (to_revision < 0) {
    return RollbackError("unable to find specified revision " + std::to_string(to_revision) +
                         " in history");
  }
  const JsonValue* chosen = nullptr;
  int64_t chosen_revision = -1;
  const JsonValue* latest = nullptr;
  int64_t latest_revision = -1;
  const JsonValue* items = Find(replica_sets, {"items"});
  if (items != nullptr && items->IsArray()) {
    for (const JsonValue& rs : items->GetArray()) {
      if (!ControlledBy(rs, uid)) continue;
      std::optional<int64_t> revision = Revision(rs);
      if (!revision) continue;
      if (to_revision > 0) {
        if (*revision == to_revision) {
          chosen = &rs;
          chosen_revision = *revision;
          break;
        }
      } else if (latest_revision < *revision) {
        chosen = latest;
        chosen_revision = latest_revision;
        latest = &rs;
        latest_revision = *revision;
      } else if (chosen_revision < *revision) {
        chosen = &rs;
        chosen_revision = *revision;
      }
    }
  }
  if (chosen == nullptr) {
    if (to_revision > 0) {
      return RollbackError("unable to find specified revision " + std::to_string(to_revision) +
                           " in history");
    }
    return RollbackError("no rollout history found for deployment \"" + name + "\"");
  }
  if (TrueAt(deployment, {"spec", "paused"})) {
    return RollbackError(
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' "
        "and try again");
  }
  RollbackPlan plan;
  plan.revision = chosen_revision;
  static const JsonValue kNull;
  const JsonValue* rs_template = Find(*chosen, {"spec", "template"});
  const JsonValue* current = Find(deployment, {"spec", "template"});
  JsonDoc restored = WithoutHash(rs_template != nullptr ? *rs_template : kNull);
  if (SemanticEqual(restored, WithoutHash(current != nullptr ? *current : kNull))) {
    plan.skip = true;
    return plan;
  }
  JsonDoc annotations(rapidjson::kObjectType);
  auto& allocator = annotations.GetAllocator();
  auto copy_member = [&](const auto& member) {
    annotations.AddMember(JsonValue(member.name, allocator), JsonValue(member.value, allocator),
                          allocator);
  };
  if (const JsonValue* own = Find(deployment, {"metadata", "annotations"});
      own != nullptr && own->IsObject()) {
    for (const auto& member : own->GetObject()) {
      if (AnnotationsToSkip().count(member.name.GetString()) != 0) copy_member(member);
    }
  }
  if (const JsonValue* from_rs = Find(*chosen, {"metadata", "annotations"});
      from_rs != nullptr && from_rs->IsObject()) {
    for (const auto& member : from_rs->GetObject()) {
      if (AnnotationsToSkip().count(member.name.GetString()) == 0) copy_member(member);
    }
  }
  plan.patch = R"([{"op":"replace","path":"/spec/template","value":)" + ToJson(restored) +
               R"(},{"op":"replace","path":"/metadata/annotations","value":)" +
               ToJson(annotations) + "}]";
  return plan;
}

Result<int64_t> DeploymentRevision(Client& client, std::string_view ns, std::string_view name) {
  auto deployment = client.Get(GroupPath("apps/v1", ns, "deployments") + "/" + UrlEncode(name));
  if (!deployment) {
    return Error(deployment.error()).Wrap("reading deployment/" + std::string(name) + " in namespace " + std::string(ns));
  }
  auto revision = Revision(*deployment);
  if (!revision) {
    return MakeError(ExitCode::kApiError, "deployment/" + std::string(name) + " has an unreadable revision annotation");
  }
  return *revision;
}

Result<std::string> UndoRollout(Client& client, std::string_view ns, std::string_view name,
                                int64_t to_revision) {
  std::string what = "rollout undo deployment/" + std::string(name);
  std::string path = GroupPath("apps/v1", ns, "deployments") + "/" + UrlEncode(name);
  auto deployment = client.Get(path);
  if (!deployment) return deployment.error().Wrap(what);
  const JsonValue* selector = Find(*deployment, {"spec", "selector"});
  if (selector == nullptr) return RollbackError(what + ": deployment has no selector");
  auto labels = LabelSelectorString(*selector);
  if (!labels) return labels.error().Wrap(what);
  auto replica_sets =
      client.Get(GroupPath("apps/v1", ns, "replicasets") + "?labelSelector=" + UrlEncode(*labels));
  if (!replica_sets) return replica_sets.error().Wrap(what + ": listing replica sets");
  auto plan = PlanRollback(*deployment, *replica_sets, to_revision);
  if (!plan) return plan.error().Wrap(what);
  std::string object = "deployment.apps/" + std::string(name);
  if (plan->skip) {
    return object + " skipped rollback (current template already matches revision " +
           std::to_string(plan->revision) + ")";
  }
  auto patched = client.Patch(path, plan->patch, "application/json-patch+json");
  if (!patched) {
    return patched.error().Wrap(what + ": failed restoring revision " +
                                std::to_string(plan->revision));
  }
  return object + " rolled back";
}

}  // namespace km::kube
