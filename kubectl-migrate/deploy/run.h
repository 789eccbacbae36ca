#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deploy/migrations_configmap.h"
#include "deploy/rollback_targets.h"
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
  // How long the Job's pods may take to start (scheduling, image, Secrets) before
  // `run` stops the Job; 0: as long as --timeout.
  std::chrono::milliseconds start_timeout{120'000};
  std::chrono::milliseconds log_grace{15'000};  // to read the last lines after the outcome
  // After the timeout or a failure, how long the Job's pods may take to stop
  // (SIGTERM: the runner rolls back and unlocks) before `run` gives up on knowing
  // that nothing more can commit.
  std::chrono::milliseconds stop_grace{45'000};
  bool stop_on_timeout = true;          // false: leave the Job running (and never roll back)
  std::vector<RollbackTarget> rollback;  // Deployments to return to their pre-deploy revision
};

// What the user sees while it runs; each may be empty. Called from several threads,
// never two at once.
struct RunCallbacks {
  std::function<void(const std::string& job_name)> created;
  std::function<void(const kube::JobStatus& status)> status;
  std::function<void(const kube::LogLine& line)> log;
  std::function<void(const std::string& message)> warning;
};

struct RunReport {
  std::string job_name;
  std::string namespace_;
  std::string configmap;  // "" without --migrations
  kube::JobWaitResult wait;
  bool succeeded = false;
  std::string outcome;  // succeeded, failed, timed out, not started, deleted, cancelled
  std::string detail;   // Describe(status), or why the outcome is what it is
  // Why the retry after a failed attempt could not start ("" otherwise): the Job was
  // stopped then, its outcome "failed".
  std::string retry_not_started;
  std::vector<kube::PodAttempt> attempts;
  std::optional<kube::JsonDoc> runner_summary;  // the last {"event":"summary"} in the logs
  std::string runner_error;                     // the runner's own error line, if it gave one
  std::vector<std::string> committed;           // tags of migration_applied events in the logs
  // The last lines of each pod's log (at most records::kMaxTailLines), for the run record.
  std::map<std::string, std::deque<std::string>> log_tails;
  std::map<std::string, size_t> log_line_counts;  // how many lines each pod wrote in all
  bool job_stopped = false;                     // run stopped the Job (timeout, pod not starting)
  bool pods_ended = true;                       // every pod of the Job had stopped before rollbacks
  std::vector<RollbackResult> rollbacks;
  int64_t duration_ms = 0;
  ExitCode exit_code = ExitCode::kOk;
};

// Records the pre-deploy revision of each `rollback` Deployment, creates the ConfigMap
// (if any) and the Job (a new name on AlreadyExists), makes the Job the ConfigMap's
// owner, follows the logs and the state of every pod while waiting up to `timeout` for
// the outcome (SuccessCriteriaMet/FailureTarget count). A pod that cannot start
// (invalid or missing image, config error, not created past its grace, or not started
// within `start_timeout`) stops the Job at once: "not started" for the first pod,
// "failed" for a retry (an attempt has run). On timeout the Job is stopped first. Rollbacks run
// only once every pod of the Job has stopped (nothing more can commit), and only for the
// Deployments that changed since the run started.
// API errors before the Job exists are returned as errors; after that they are
// warnings and the report says what was seen.
Result<RunReport> RunMigration(kube::Client& client, RunPlan plan, const RunCallbacks& callbacks,
                               const std::atomic<bool>* cancel);

// The exit code for an outcome and its rollbacks (see util/exit_code.h).
ExitCode RunExitCode(const RunReport& report);

// The runner's summary event if `line` is one: {"event":"summary",...}.
std::optional<kube::JsonDoc> ParseRunnerSummary(std::string_view line);

}  // namespace km::deploy
