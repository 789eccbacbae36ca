#include "cli/project_defaults.h"

#include <algorithm>
#include <filesystem>

#include "util/duration.h"
#include "util/kube_names.h"

namespace km::cli {
namespace {

// "deployment/yomu-api@7" → "yomu-api"; "" for what is not a Deployment reference.
std::string DeploymentName(const std::string& target) {
  auto ref = ParseDeploymentRef(target);
  return ref ? ref->name : "";
}

}  // namespace

std::vector<FlagSpec> ProjectFlags() {
  return {
      {"config", 0, FlagKind::kString, "FILE",
       "Project file with this repository's defaults (default: kubectl-migrate.yaml in the "
       "working directory or the nearest one above it, up to the repository root; \"\" for none)",
       ""},
  };
}

Result<project::ProjectConfig> ProjectConfigFromFlags(const ParsedFlags& flags) {
  // Has() first: a command without --config (or a test's flag table) finds the file.
  std::optional<std::string> config_path;
  if (flags.Has("config")) config_path = flags.String("config");
  return project::LoadProject(config_path, "");
}

std::string EffectiveString(const ParsedFlags& flags, std::string_view flag,
                            const std::optional<std::string>& project_value) {
  if (!flags.Has(flag) && project_value) return *project_value;
  return flags.String(flag);
}

std::chrono::milliseconds EffectiveDuration(
    const ParsedFlags& flags, std::string_view flag,
    const std::optional<std::chrono::milliseconds>& project_value) {
  if (!flags.Has(flag) && project_value) return *project_value;
  return flags.Duration(flag);
}

std::vector<std::string> EffectiveRollback(const ParsedFlags& flags,
                                           const project::ProjectConfig& project) {
  if (flags.Has("rollback") || !project.rollback) return flags.List("rollback");
  std::vector<std::string> targets;
  for (const project::RollbackTarget& target : *project.rollback) targets.push_back(target.text);
  return targets;
}

std::vector<std::string> RunnerArgs(const project::ProjectConfig& project) {
  std::vector<std::string> args;
  auto text = [&](const char* flag, const std::optional<std::string>& value) {
    if (value) args.insert(args.end(), {flag, *value});
  };
  auto duration = [&](const char* flag, const std::optional<std::chrono::milliseconds>& value) {
    if (value) args.insert(args.end(), {flag, FormatDuration(*value)});
  };
  text("--migrations-schema", project.history_schema);
  text("--migrations-table", project.history_table);
  duration("--advisory-lock-timeout", project.advisory_lock_timeout);
  duration("--ddl-lock-timeout", project.ddl_lock_timeout);
  duration("--ddl-retry-budget", project.ddl_retry_budget);
  duration("--statement-timeout", project.statement_timeout);
  return args;
}

std::vector<std::string> JobCommand(const kube::JsonValue& job_template,
                                    const std::vector<std::string>& positional,
                                    const std::vector<std::string>& runner_args) {
  if (!positional.empty()) return positional;
  if (runner_args.empty()) return {};
  const kube::JsonValue* containers =
      kube::Find(job_template, {"spec", "template", "spec", "containers"});
  if (containers == nullptr || !containers->IsArray() || containers->Empty()) return {};
  std::vector<std::string> command;
  for (const char* member : {"command", "args"}) {
    const kube::JsonValue* words = kube::Find((*containers)[0], {member});
    if (words == nullptr || !words->IsArray()) continue;
    for (const kube::JsonValue& word : words->GetArray()) {
      if (!word.IsString()) return {};
      command.emplace_back(word.GetString(), word.GetStringLength());
    }
  }
  bool runs_apply = !command.empty() &&
                    std::filesystem::path(command.front()).filename() == "kubectl-migrate" &&
                    std::find(command.begin() + 1, command.end(), "apply") != command.end();
  if (!runs_apply) return {};
  command.insert(command.end(), runner_args.begin(), runner_args.end());
  return command;
}

RunSettings EffectiveRunSettings(const ParsedFlags& flags, const project::ProjectConfig& project) {
  RunSettings settings;
  settings.namespace_ = EffectiveString(flags, "namespace", project.namespace_);
  settings.migrations = EffectiveString(flags, "migrations", project.migrations);
  std::vector<std::string> rollback = EffectiveRollback(flags, project);
  settings.app = EffectiveString(flags, "app", project.app);
  if (settings.app.empty() && !rollback.empty()) settings.app = DeploymentName(rollback.front());
  if (!flags.Bool("no-rollback")) settings.rollback = std::move(rollback);
  settings.image = EffectiveString(flags, "image", project.image);
  settings.env_secret = EffectiveString(flags, "env-secret", project.env_secret);
  settings.env_configmap = EffectiveString(flags, "env-configmap", project.env_configmap);
  settings.service_account = EffectiveString(flags, "service-account", project.service_account);
  settings.timeout = EffectiveDuration(flags, "timeout", project.timeout);
  settings.start_timeout = project.start_timeout;
  settings.runner_args = RunnerArgs(project);
  return settings;
}

std::string RecordedApp(const ParsedFlags& flags, const project::ProjectConfig& project, const std::string& job,
                        const std::string& namespace_) {
  std::string app = EffectiveString(flags, "app", project.app);
  if (app.empty() && project.rollback && !project.rollback->empty()) {
    app = DeploymentName(project.rollback->front().text);
  }
  if (size_t at = job.rfind("-migrate-"); app.empty() && at != std::string::npos && at > 0) {
    app = job.substr(0, at);
  }
  if (app.empty()) app = namespace_.empty() ? "app" : namespace_;
  return app;
}

}  // namespace km::cli
