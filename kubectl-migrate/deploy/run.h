#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "deploy/migrations_configmap.h"
#include "kube/client.h"
#include "kube/job_waiter.h"
#include "kube/pod_logs.h"
#include "util/result.h"

namespace km::deploy {

// What `kubectl migrate run` does once the Job object is built.
struct RunPlan {
  std::string namespace_;
  kube::JsonDoc job;                       // ready to POST; its name is the first try
  std::function<std::string()> next_name;  // a fresh name after AlreadyExists
  std::optional<MigrationsBundle> bundle;  // --migrations: the ConfigMap to create first
  std::chrono::milliseconds timeout{300'000};
  std::chrono::milliseconds log_grace{15'000};  // to read the last lines after the outcome
  std::vector<std::string> rollback;            // Deployment names to `rollout undo` on failure
};

// What the user sees while it runs; each may be empty. Called from several threads,
// never two at once.
struct RunCallbacks {
  std::function<void(const std::string& job_name)> created;
  std::function<void(const kube::JobStatus& status)> status;
  std::function<void(const kube::LogLine& line)> log;
  std::function<void(const std::string& message)> warning;
};

struct RollbackResult {
  std::string deployment;
  std::string result;   // "rolled back", "skipped", "error"
  std::string message;  // kubectl's line, or the error
};

struct RunReport {
  std::string job_name;
  std::string namespace_;
  std::string configmap;  // "" without --migrations
  kube::JobWaitResult wait;
  bool succeeded = false;
  std::string outcome;  // succeeded, failed, timed out, deleted, cancelled
  std::string detail;   // Describe(status), or why the outcome is what it is
  std::vector<kube::PodAttempt> attempts;
  std::optional<kube::JsonDoc> runner_summary;  // the last {"event":"summary"} in the logs
  std::vector<RollbackResult> rollbacks;
  int64_t duration_ms = 0;
  ExitCode exit_code = ExitCode::kOk;
};

// Creates the ConfigMap (if any) and the Job (a new name on AlreadyExists), makes the
// Job the ConfigMap's owner, follows the logs of every pod while waiting up to
// `timeout` for the outcome (SuccessCriteriaMet/FailureTarget count), and on failure,
// deletion before success or timeout runs `rollout undo` for each of `rollback`.
// API errors before the Job exists are returned as errors; after that they are
// warnings and the report says what was seen.
Result<RunReport> RunMigration(kube::Client& client, RunPlan plan, const RunCallbacks& callbacks,
                               const std::atomic<bool>* cancel);

// The exit code for an outcome and its rollbacks (see util/exit_code.h).
ExitCode RunExitCode(const RunReport& report);

// The runner's summary event if `line` is one: {"event":"summary",...}.
std::optional<kube::JsonDoc> ParseRunnerSummary(std::string_view line);

}  // namespace km::deploy
