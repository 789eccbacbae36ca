#pragma once

// The project file (kubectl-migrate.yaml, project/project_file.h) meets the command
// line: flags override the file, the file overrides the flags' defaults.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/flags.h"
#include "kube/json.h"
#include "project/project_file.h"

namespace km::cli {

// --config FILE. The command table (commands.cc) adds it to run, status, logs, apply, plan
// and baseline.
std::vector<FlagSpec> ProjectFlags();

// The project file of this command line: --config FILE (which must exist; --config ""
// for none), else kubectl-migrate.yaml found from the working directory upward. An empty
// ProjectConfig (path "") when there is none; a broken file is one usage error.
Result<project::ProjectConfig> ProjectConfigFromFlags(const ParsedFlags& flags);

// The flag when it was given, else the project file's value, else the flag's default.
std::string EffectiveString(const ParsedFlags& flags, std::string_view flag,
                            const std::optional<std::string>& project_value);
std::chrono::milliseconds EffectiveDuration(
    const ParsedFlags& flags, std::string_view flag,
    const std::optional<std::chrono::milliseconds>& project_value);

// The rollback targets as --rollback takes them ("deployment/NAME[@REVISION]"): the
// flags' when any --rollback was given (they replace the file's list), else the file's.
// Needs --rollback declared; does not look at --no-rollback.
std::vector<std::string> EffectiveRollback(const ParsedFlags& flags,
                                           const project::ProjectConfig& project);

// The project file's runner settings (history, advisoryLockTimeout, ddlLockTimeout,
// ddlRetryBudget, statementTimeout) as `kubectl-migrate apply` flags, for the Job's
// command: {"--migrations-schema", "public", "--ddl-lock-timeout", "2s", ...}. Empty
// when the file sets none of them.
std::vector<std::string> RunnerArgs(const project::ProjectConfig& project);

// The Job container's command for `run` (JobSettings::command; {} keeps the template's):
// `positional` (the words after --) when given, as they are; else, with `runner_args`, the
// template's first container's command and args followed by them, when that command runs
// `kubectl-migrate apply` (the embedded template's does). {} otherwise: a template running
// something else (or relying on the image's entrypoint) gets none of the runner settings.
std::vector<std::string> JobCommand(const kube::JsonValue& job_template,
                                    const std::vector<std::string>& positional,
                                    const std::vector<std::string>& runner_args);

// What `run` takes from its flags and the project file.
struct RunSettings {
  std::string app;  // --app, app:, else the first rollback target's Deployment (also with
                    // --no-rollback), else ""
  std::string namespace_;  // -n, namespace:, else "" (the kubeconfig context's)
  std::string migrations;  // --migrations, migrations:, else "" (the image's own folder)
  std::vector<std::string> rollback;  // EffectiveRollback; empty with --no-rollback
  std::string image;                  // "" leaves the template's
  std::string env_secret;
  std::string env_configmap;
  std::string service_account;
  std::chrono::milliseconds timeout{0};
  // startTimeout: from the file only, until run has a --start-timeout flag (then:
  // EffectiveDuration(flags, "start-timeout", project.start_timeout)).
  std::optional<std::chrono::milliseconds> start_timeout;
  std::vector<std::string> runner_args;  // RunnerArgs(project): append to the Job's apply
};

// Needs run's flags (RunFlags()).
RunSettings EffectiveRunSettings(const ParsedFlags& flags, const project::ProjectConfig& project);

// The app whose run records `logs` and `status` read, chosen as `run` chose it: --app, the
// file's app:, its first rollback Deployment; else, for a Job named <app>-migrate-<time>-<suffix>,
// that <app>; else the namespace (what `run -n NS` uses). Needs --app declared.
std::string RecordedApp(const ParsedFlags& flags, const project::ProjectConfig& project, const std::string& job,
                        const std::string& namespace_);

}  // namespace km::cli
