#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kube/json.h"
#include "util/result.h"

namespace km::deploy {

// Where the --migrations ConfigMap is mounted; the template's command reads --dir there.
inline constexpr std::string_view kMigrationsMountPath = "/migrations";

// manifests/migration-job.yaml as it was when the binary was built.
std::string_view EmbeddedJobTemplate();

// The template to use: `manifest_path` when given, else the embedded one. Parsed and
// checked to be a batch/v1 Job with at least one container; errors are usage errors.
Result<kube::JsonDoc> LoadJobTemplate(const std::string& manifest_path);

// What `run` puts into the template. Empty / nullopt members leave the template's value.
struct JobSettings {
  std::string name;
  std::string namespace_;
  std::string image;
  std::vector<std::string> command;
  std::string service_account;
  std::optional<int64_t> backoff_limit;
  std::optional<int64_t> ttl_seconds;
  std::optional<int64_t> active_deadline_seconds;
  std::string env_configmap;         // replaces the envFrom configMapRef (or adds one)
  std::string env_secret;            // replaces the envFrom secretRef (or adds one)
  std::string migrations_configmap;  // mounted read-only at kMigrationsMountPath
  std::vector<std::pair<std::string, std::string>> migrations_items;  // key → path
  std::map<std::string, std::string> labels;                          // on the Job and its pods
  std::map<std::string, std::string> annotations;                     // on the Job
};

// The Job to create: a copy of `job_template` with `settings` applied to its first container.
Result<kube::JsonDoc> BuildJob(const kube::JsonValue& job_template, const JobSettings& settings);

// `text` as a label value: at most 63 of [A-Za-z0-9._-], alphanumeric at both ends.
std::string ToLabelValue(std::string_view text);

}  // namespace km::deploy
