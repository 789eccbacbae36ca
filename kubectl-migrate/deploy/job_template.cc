#include "deploy/job_template.h"

#include <cctype>

#include "kube/yaml_json.h"
#include "util/files.h"

namespace km::deploy {
namespace {

using kube::JsonDoc;
using kube::JsonValue;
using Allocator = JsonDoc::AllocatorType;

JsonValue Str(std::string_view text, Allocator& alloc) {
  return JsonValue(text.data(), static_cast<rapidjson::SizeType>(text.size()), alloc);
}

// The member `name` of `object`, added as `kind` when missing or of another type.
JsonValue& Member(JsonValue& object, std::string_view name, rapidjson::Type kind,
                  Allocator& alloc) {
  auto found = object.FindMember(Str(name, alloc));
  if (found == object.MemberEnd()) {
    object.AddMember(Str(name, alloc), JsonValue(kind), alloc);
    return (object.MemberEnd() - 1)->value;
  }
  if (found->value.GetType() != kind) found->value = JsonValue(kind);
  return found->value;
}

void Set(JsonValue& object, std::string_view name, JsonValue value, Allocator& alloc) {
  Member(object, name, value.GetType(), alloc) = value;
}

void SetStrings(JsonValue& object, const std::map<std::string, std::string>& values,
                Allocator& alloc) {
  for (const auto& [key, value] : values) Set(object, key, Str(value, alloc), alloc);
}

// Points the envFrom entry of `kind` (configMapRef / secretRef) at `name`, adding one if needed.
void SetEnvFrom(JsonValue& container, std::string_view kind, const std::string& name,
                Allocator& alloc) {
  JsonValue& env_from = Member(container, "envFrom", rapidjson::kArrayType, alloc);
  for (JsonValue& source : env_from.GetArray()) {
    if (source.IsObject() && source.HasMember(Str(kind, alloc))) {
      Set(Member(source, kind, rapidjson::kObjectType, alloc), "name", Str(name, alloc), alloc);
      return;
    }
  }
  JsonValue source(rapidjson::kObjectType), ref(rapidjson::kObjectType);
  ref.AddMember("name", Str(name, alloc), alloc);
  source.AddMember(Str(kind, alloc), ref, alloc);
  env_from.PushBack(source, alloc);
}

// Adds (or replaces) the volume "migrations" and its read-only mount.
void MountMigrations(JsonValue& pod_spec, JsonValue& container, const JobSettings& settings,
                     Allocator& alloc) {
  constexpr std::string_view kVolume = "migrations";
  JsonValue items(rapidjson::kArrayType);
  for (const auto& [key, path] : settings.migrations_items) {
    JsonValue item(rapidjson::kObjectType);
    item.AddMember("key", Str(key, alloc), alloc);
    item.AddMember("path", Str(path, alloc), alloc);
    items.PushBack(item, alloc);
  }
  JsonValue config_map(rapidjson::kObjectType);
  config_map.AddMember("name", Str(settings.migrations_configmap, alloc), alloc);
  config_map.AddMember("items", items, alloc);
  JsonValue volume(rapidjson::kObjectType);
  volume.AddMember("name", Str(kVolume, alloc), alloc);
  volume.AddMember("configMap", config_map, alloc);

  JsonValue& volumes = Member(pod_spec, "volumes", rapidjson::kArrayType, alloc);
  for (auto it = volumes.Begin(); it != volumes.End();) {
    it = kube::StringAt(*it, {"name"}) == kVolume ? volumes.Erase(it) : it + 1;
  }
  volumes.PushBack(volume, alloc);

  JsonValue& mounts = Member(container, "volumeMounts", rapidjson::kArrayType, alloc);
  for (auto it = mounts.Begin(); it != mounts.End();) {
    bool same = kube::StringAt(*it, {"name"}) == kVolume ||
                kube::StringAt(*it, {"mountPath"}) == kMigrationsMountPath;
    it = same ? mounts.Erase(it) : it + 1;
  }
  JsonValue mount(rapidjson::kObjectType);
  mount.AddMember("name", Str(kVolume, alloc), alloc);
  mount.AddMember("mountPath", Str(kMigrationsMountPath, alloc), alloc);
  mount.AddMember("readOnly", true, alloc);
  mounts.PushBack(mount, alloc);
}

}  // namespace

Result<JsonDoc> LoadJobTemplate(const std::string& manifest_path) {
  std::string source =
      manifest_path.empty() ? "embedded manifests/migration-job.yaml" : manifest_path;
  std::string text;
  if (manifest_path.empty()) {
    text = std::string(EmbeddedJobTemplate());
  } else {
    KM_TRY_ASSIGN(text, ReadFile(manifest_path, ExitCode::kUsage));
  }
  KM_TRY_ASSIGN(JsonDoc job, kube::YamlToJson(text, source));
  if (!job.IsObject() || kube::StringAt(job, {"kind"}) != "Job" ||
      kube::StringAt(job, {"apiVersion"}) != "batch/v1") {
    return MakeError(ExitCode::kUsage, source + ": not a batch/v1 Job");
  }
  const JsonValue* containers = kube::Find(job, {"spec", "template", "spec", "containers"});
  if (containers == nullptr || !containers->IsArray() || containers->Empty() ||
      !(*containers)[0].IsObject()) {
    return MakeError(ExitCode::kUsage, source + ": spec.template.spec.containers is empty");
  }
  return job;
}

Result<JsonDoc> BuildJob(const JsonValue& job_template, const JobSettings& settings) {
  JsonDoc job = kube::CopyJson(job_template);
  Allocator& alloc = job.GetAllocator();
  JsonValue& metadata = Member(job, "metadata", rapidjson::kObjectType, alloc);
  metadata.RemoveMember("generateName");
  Set(metadata, "name", Str(settings.name, alloc), alloc);
  if (!settings.namespace_.empty()) {
    Set(metadata, "namespace", Str(settings.namespace_, alloc), alloc);
  }
  SetStrings(Member(metadata, "labels", rapidjson::kObjectType, alloc), settings.labels, alloc);
  SetStrings(Member(metadata, "annotations", rapidjson::kObjectType, alloc), settings.annotations,
             alloc);

  JsonValue& spec = Member(job, "spec", rapidjson::kObjectType, alloc);
  if (settings.backoff_limit) Set(spec, "backoffLimit", JsonValue(*settings.backoff_limit), alloc);
  if (settings.ttl_seconds) {
    Set(spec, "ttlSecondsAfterFinished", JsonValue(*settings.ttl_seconds), alloc);
  }
  if (settings.active_deadline_seconds) {
    Set(spec, "activeDeadlineSeconds", JsonValue(*settings.active_deadline_seconds), alloc);
  }
  JsonValue& pod = Member(spec, "template", rapidjson::kObjectType, alloc);
  SetStrings(Member(Member(pod, "metadata", rapidjson::kObjectType, alloc), "labels",
                    rapidjson::kObjectType, alloc),
             settings.labels, alloc);
  JsonValue& pod_spec = Member(pod, "spec", rapidjson::kObjectType, alloc);
  if (!settings.service_account.empty()) {
    Set(pod_spec, "serviceAccountName", Str(settings.service_account, alloc), alloc);
  }
  JsonValue& containers = Member(pod_spec, "containers", rapidjson::kArrayType, alloc);
  if (containers.Empty() || !containers[0].IsObject()) {
    return MakeError(ExitCode::kUsage, "the Job template has no container");
  }
  JsonValue& container = containers[0];
  if (!settings.image.empty()) Set(container, "image", Str(settings.image, alloc), alloc);
  if (!settings.command.empty()) {
    JsonValue command(rapidjson::kArrayType);
    for (const std::string& word : settings.command) command.PushBack(Str(word, alloc), alloc);
    Set(container, "command", std::move(command), alloc);
    container.RemoveMember("args");
  }
  if (!settings.env_configmap.empty()) {
    SetEnvFrom(container, "configMapRef", settings.env_configmap, alloc);
  }
  if (!settings.env_secret.empty()) SetEnvFrom(container, "secretRef", settings.env_secret, alloc);
  if (!settings.migrations_configmap.empty()) MountMigrations(pod_spec, container, settings, alloc);
  return job;
}

std::string ToLabelValue(std::string_view text) {
  std::string value;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    value.push_back(ok ? c : '_');
  }
  if (value.size() > 63) value.resize(63);
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  while (!value.empty() && !alnum(value.back())) value.pop_back();
  while (!value.empty() && !alnum(value.front())) value.erase(0, 1);
  return value;
}

}  // namespace km::deploy
