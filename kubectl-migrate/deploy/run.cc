#include "deploy/run.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "deploy/failure_policy.h"
#include "deploy/pod_creation.h"
#include "deploy/start_failure.h"
#include "kube/rollout.h"
#include "records/run_record.h"
#include "util/json_depth.h"

namespace km::deploy {
namespace {

constexpr int kNameAttempts = 5;

std::string Name(const kube::JsonValue& object) {
  return kube::StringAt(object, {"metadata", "name"});
}

// Creates the Job, choosing a new name while the chosen one already exists.
kube::ApiResult<kube::JsonDoc> CreateJobWithFreshName(kube::Client& client, RunPlan& plan) {
  for (int attempt = 1;; ++attempt) {
    auto created = kube::CreateJob(client, plan.namespace_, plan.job);
    if (created || !created.error().IsAlreadyExists() || attempt == kNameAttempts ||
        !plan.next_name) {
      return created;
    }
    std::string name = plan.next_name();
    plan.job["metadata"]["name"].SetString(name.c_str(), plan.job.GetAllocator());
  }
}

// Sets the Job as the ConfigMap's owner, so that deleting the Job (TTL) deletes it too.
Status AdoptConfigMap(kube::Client& client, const std::string& ns, const std::string& configmap,
                      const kube::JsonValue& job) {
  std::string patch = R"({"metadata":{"ownerReferences":[{"apiVersion":"batch/v1","kind":"Job",)"
                      R"("name":)" +
                      kube::QuoteJson(Name(job)) + R"(,"uid":)" +
                      kube::QuoteJson(kube::StringAt(job, {"metadata", "uid"})) + "}]}}";
  auto patched = client.Patch(kube::CorePath(ns, "configmaps") + "/" + kube::UrlEncode(configmap),
                              patch, "application/merge-patch+json");
  if (!patched) {
    return Error(patched.error())
        .Wrap("setting job/" + Name(job) + " as owner of configmap/" + configmap);
  }
  return Ok();
}

// Ends the Job's pods now: with activeDeadlineSeconds already passed, the Job
// controller fails the Job (DeadlineExceeded) and deletes its pods, which get
// SIGTERM and their grace period; the runner rolls back its transaction and
// unlocks. The Job stays, finished, for `status` and its TTL.
Status StopJob(kube::Client& client, const std::string& ns, const std::string& name) {
  auto patched = client.Patch(kube::GroupPath("batch/v1", ns, "jobs") + "/" + kube::UrlEncode(name),
                              R"({"spec":{"activeDeadlineSeconds":1}})", "application/merge-patch+json");
  if (!patched) return Error(patched.error()).Wrap("stopping job/" + name);
  return Ok();
}

// The runner's event `name` if `line` is one: {"event":"<name>",...}.
std::optional<kube::JsonDoc> ParseRunnerEvent(std::string_view line, std::string_view name) {
  if (line.empty() || line.front() != '{' ||
      line.find("\"" + std::string(name) + "\"") == std::string_view::npos) {
    return std::nullopt;
  }
  if (JsonNestedTooDeep(line)) return std::nullopt;
  kube::JsonDoc doc;
  doc.Parse(line.data(), line.size());
  if (doc.HasParseError() || !doc.IsObject() || kube::StringAt(doc, {"event"}) != name) {
    return std::nullopt;
  }
  return doc;
}

// The tag of a runner's migration_applied event line, or "".
std::string AppliedTag(std::string_view line) {
  auto event = ParseRunnerEvent(line, "migration_applied");
  return event ? kube::StringAt(*event, {"tag"}) : "";
}

// No pod of the Job runs or waits to start: before the first, and between an attempt
// that failed and its retry.
bool NoPodActive(const std::map<std::string, kube::PodAttempt>& pods) {
  return std::all_of(pods.begin(), pods.end(),
                     [](const auto& entry) { return entry.second.ended; });
}

// Success, failure or why: from the wait, and for a Job deleted before its outcome
// was seen, from what its last pod and the runner said.
void DecideOutcome(RunReport& report) {
  const kube::JobWaitResult& wait = report.wait;
  report.detail = kube::Describe(wait.status);
  switch (wait.outcome) {
    case kube::WaitOutcome::kSucceeded:
      report.succeeded = true;
      report.outcome = "succeeded";
      return;
    case kube::WaitOutcome::kFailed:
      report.outcome = "failed";
      return;
    case kube::WaitOutcome::kTimedOut:
      report.outcome = "timed out";
      return;
    case kube::WaitOutcome::kCancelled:
      report.outcome = "cancelled";
      return;
    case kube::WaitOutcome::kDeleted:
      break;
  }
  report.outcome = "deleted";
  bool runner_ok = report.runner_summary && kube::TrueAt(*report.runner_summary, {"success"});
  bool last_pod_ok = !report.attempts.empty() && report.attempts.back().exit_code == 0;
  if (runner_ok && last_pod_ok) {
    report.succeeded = true;
    report.detail =
        "the job was deleted before its outcome was seen; its last pod exited 0 and "
        "the runner reported success";
  } else {
    report.detail = "the job was deleted before it finished; last seen: " + report.detail;
  }
}

}  // namespace

std::optional<kube::JsonDoc> ParseRunnerSummary(std::string_view line) {
  return ParseRunnerEvent(line, "summary");
}

ExitCode RunExitCode(const RunReport& report) {
  if (report.succeeded) return ExitCode::kOk;
  if (report.outcome == "cancelled") return ExitCode::kInterrupted;
  if (report.outcome == "timed out") return ExitCode::kTimedOut;
  if (report.outcome == "not started") return ExitCode::kJobNotStarted;
  if (report.rollbacks.empty()) return ExitCode::kMigrationFailed;
  for (const RollbackResult& rollback : report.rollbacks) {
    if (rollback.result == "error" || rollback.result == "withheld") return ExitCode::kRollbackFailed;
  }
  return ExitCode::kRolledBack;
}

Result<RunReport> RunMigration(kube::Client& client, RunPlan plan, const RunCallbacks& callbacks,
                               const std::atomic<bool>* cancel) {
  auto started = SteadyClock::now();
  std::atomic<bool> hopeless{false};  // a pod that cannot start: stop waiting
  // A pod failed with an exit code the Job's podFailurePolicy fails the Job on: the outcome
  // is known now, a second or two before the Job controller sets FailureTarget.
  std::atomic<bool> doomed{false};
  std::atomic<bool> give_up{false};  // either of them: stop waiting
  kube::Stop stop{cancel, started + plan.timeout, &give_up};
  std::mutex callback_mutex;
  auto warn = [&](const std::string& message) {
    std::lock_guard lock(callback_mutex);
    if (callbacks.warning) callbacks.warning(message);
  };

  RunReport report;
  report.namespace_ = plan.namespace_;
  // What "before this deploy" means for each Deployment, read before anything runs.
  KM_TRY_STATUS(RecordRevisions(client, plan.namespace_, plan.rollback));
  if (plan.bundle) {
    report.configmap = Name(plan.bundle->configmap);
    auto created = client.Post(kube::CorePath(plan.namespace_, "configmaps"),
                               kube::ToJson(plan.bundle->configmap));
    if (!created) {
      return Error(created.error())
          .Wrap("creating configmap/" + report.configmap + " in namespace " + plan.namespace_);
    }
  }
  auto job = CreateJobWithFreshName(client, plan);
  if (!job) {
    if (plan.bundle) {
      auto deleted = client.Delete(kube::CorePath(plan.namespace_, "configmaps") + "/" +
                                   kube::UrlEncode(report.configmap));
      if (!deleted)
        warn("configmap/" + report.configmap + " was left behind: " + deleted.error().message);
    }
    return Error(job.error());
  }
  report.job_name = Name(*job);
  if (callbacks.created) callbacks.created(report.job_name);
  if (plan.bundle) {
    if (Status adopted = AdoptConfigMap(client, plan.namespace_, report.configmap, *job);
        !adopted) {
      warn(adopted.error().message + " (it stays after the job is deleted)");
    }
  }

  kube::JobLogStreamer logs(client, *job, [&](const kube::LogLine& line) {
    std::lock_guard lock(callback_mutex);
    if (auto summary = ParseRunnerSummary(line.text)) {
      report.runner_error = kube::StringAt(*summary, {"error"});
      report.runner_summary = std::move(summary);
    }
    if (std::string tag = AppliedTag(line.text); !tag.empty()) report.committed.push_back(tag);
    std::deque<std::string>& tail = report.log_tails[line.pod];
    tail.push_back(line.text);
    ++report.log_line_counts[line.pod];
    if (tail.size() > records::kMaxTailLines) tail.pop_front();
    if (callbacks.log) callbacks.log(line);
  });
  logs.OnError([&](const kube::ApiError& error) { warn("logs: " + error.message); });
  // Pods that cannot start: say why as it changes, and stop waiting when it cannot help.
  std::map<std::string, std::string> said;               // pod → last waiting description shown
  std::map<std::string, kube::PodAttempt> pods;          // pod → as last seen
  std::map<std::string, SteadyClock::time_point> since;  // pod → when its config error appeared
  std::map<std::string, SteadyClock::time_point> seen;   // pod → when it first appeared
  std::atomic<bool> any_started{false};
  std::string start_failure;
  std::string doomed_detail;
  // The Job controller could not create a pod (FailedCreate): the last reason given, and
  // since when it has failed while no pod of the Job runs or waits to start (the first
  // pod, or the retry after an attempt that failed).
  std::string create_failure;
  std::optional<SteadyClock::time_point> create_failing;
  const kube::JsonDoc& job_object = *job;
  // Under callback_mutex, on each pod event and now and then (a config error's grace
  // runs out without a new event): gives up when waiting for a pod cannot help.
  auto check_start = [&] {
    const auto now = SteadyClock::now();
    for (const auto& [name, pod] : pods) {
      auto at = since.find(name);
      auto lasted = at == since.end() ? std::chrono::milliseconds(0)
                                      : std::chrono::duration_cast<std::chrono::milliseconds>(now - at->second);
      if (auto why = HopelessStart(pod, lasted); why && start_failure.empty()) {
        start_failure = *why;
        hopeless = true;
        give_up = true;
      }
      // A retry: --start-timeout counts from its creation (the first pod's, from the start).
      auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - seen[name]);
      if (auto why = RetryNotStarting(pod, waited, plan.start_timeout);
          why && any_started && start_failure.empty()) {
        start_failure = *why;
        hopeless = true;
        give_up = true;
      }
    }
    if (create_failing && NoPodActive(pods) && start_failure.empty()) {
      auto lasted = std::chrono::duration_cast<std::chrono::milliseconds>(now - *create_failing);
      if (auto why = HopelessCreation(create_failure, lasted)) {
        start_failure = *why;
        hopeless = true;
        give_up = true;
      }
    }
  };
  logs.OnPod([&](const kube::PodAttempt& pod) {
    if (pod.started) any_started = true;
    std::string waiting = DescribeWaiting(pod);
    std::lock_guard lock(callback_mutex);
    if (!waiting.empty() && said[pod.name] != waiting) {
      said[pod.name] = waiting;
      if (callbacks.warning) callbacks.warning(waiting);
    }
    if (!pods.count(pod.name)) {
      seen[pod.name] = SteadyClock::now();
      create_failing.reset();  // a pod was created after all
    }
    pods[pod.name] = pod;
    if (auto why = FailsTheJob(job_object, pod); why && !doomed) {
      doomed_detail = *why;
      doomed = true;
      give_up = true;
    }
    if (!IsConfigError(pod)) since.erase(pod.name);
    if (IsConfigError(pod) && !since.count(pod.name)) since[pod.name] = SteadyClock::now();
    check_start();
  });
  (void)logs.Start();
  // Pods the Job controller cannot create: only the Job's events say why.
  FailedCreateWatch creation(client, plan.namespace_, *job, [&](const std::string& message) {
    std::lock_guard lock(callback_mutex);
    if (message != create_failure && callbacks.warning) {
      callbacks.warning("job/" + report.job_name + ": FailedCreate: " + message);
    }
    create_failure = message;
    if (NoPodActive(pods) && !create_failing) create_failing = SteadyClock::now();
    check_start();
  });

  kube::WaitOptions options;
  options.return_early = true;
  options.on_status = [&](const kube::JobStatus& status, const std::string&) {
    std::lock_guard lock(callback_mutex);
    if (callbacks.status) callbacks.status(status);
  };
  // One wait for the outcome (a single list + watch, which rides out apiserver
  // restarts); beside it a watchdog gives up on a Job whose first pod has not started by
  // the start timeout, or whose config error, FailedCreate or retry that does not start
  // outlasted its grace without a new event, by setting `hopeless`, which ends the wait.
  auto start_deadline = plan.start_timeout.count() > 0 ? started + plan.start_timeout : stop.deadline;
  std::atomic<bool> waiting_done{false};
  std::thread watchdog([&] {
    while (!waiting_done && !hopeless) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      std::lock_guard lock(callback_mutex);
      auto now = SteadyClock::now();
      check_start();
      // Once a pod has run, only check_start decides about the retries.
      if (!hopeless && !any_started && now >= start_deadline && now < stop.deadline) {
        std::string waiting;
        for (const auto& [pod, description] : said) waiting = description;
        if (pods.empty() && !create_failure.empty()) {
          waiting = "FailedCreate: " + create_failure;
        } else if (auto unreadable = creation.error(); pods.empty() && unreadable) {
          waiting =
              "no pod was created, and why is in the job's events, which could not be read (" +
              unreadable->message + ")";
        }
        start_failure = "no pod started within --start-timeout " + std::to_string(plan.start_timeout.count() / 1000) +
                        "s" + (waiting.empty() ? "" : ": " + waiting);
        hopeless = true;
        give_up = true;
      }
    }
  });
  auto waited = kube::WaitForJob(client, plan.namespace_, report.job_name, options, stop);
  waiting_done = true;
  creation.RequestStop();
  watchdog.join();
  if (!waited) {
    logs.Stop();
    return Error(waited.error());
  }
  report.wait = std::move(waited).value();
  // An attempt ran and failed, and its retry cannot start: the Job has failed, and what
  // the attempt did may have committed.
  const bool retry_never_started = hopeless && any_started;
  if (hopeless) {
    report.wait.outcome = kube::WaitOutcome::kFailed;
    report.outcome = retry_never_started ? "failed" : "not started";
  }
  // The wait ended on the pod's exit code, before the Job controller said so.
  const bool failed_early = !hopeless && doomed && report.wait.outcome == kube::WaitOutcome::kCancelled &&
                            !(cancel != nullptr && cancel->load());
  if (failed_early) {
    report.wait.outcome = kube::WaitOutcome::kFailed;
    report.wait.status.reason = "PodFailurePolicy";
  }
  const bool timed_out = report.wait.outcome == kube::WaitOutcome::kTimedOut;
  const bool cancelled = report.wait.outcome == kube::WaitOutcome::kCancelled && !hopeless;
  if (hopeless || (timed_out && plan.stop_on_timeout)) {
    // Stop the Job before anything else: its pod gets SIGTERM, the runner rolls back.
    if (Status stopped = StopJob(client, plan.namespace_, report.job_name); !stopped) {
      warn(stopped.error().message);
    } else {
      report.job_stopped = true;
    }
  }
  if (cancelled || (timed_out && !plan.stop_on_timeout)) {
    logs.Stop();
    report.pods_ended = false;
  } else {
    // Every attempt's last lines (of each pod the Job counts, even one the pod watch has
    // not shown yet), and proof that no pod runs on before any rollback.
    const kube::JobStatus& counted = report.wait.status;
    report.pods_ended =
        logs.Finish(report.job_stopped || report.wait.outcome == kube::WaitOutcome::kFailed
                        ? std::max(plan.stop_grace, plan.log_grace)
                        : plan.log_grace,
                    static_cast<size_t>(std::max<int64_t>(0, counted.failed + counted.succeeded)));
  }
  report.attempts = logs.attempts();
  if (retry_never_started) {
    report.retry_not_started = start_failure;
    report.detail = "failed (its retry never started: " + start_failure + ")";
  } else if (hopeless) {
    report.detail = start_failure;
  } else {
    DecideOutcome(report);
    if (failed_early) report.detail = "failed (PodFailurePolicy: " + doomed_detail + ")";
  }
  if (!report.succeeded && !cancelled) {
    if (timed_out && !plan.stop_on_timeout) {
      report.rollbacks = Withheld(plan.rollback, "the job was left running (--on-timeout leave) and may still commit");
    } else if (!report.pods_ended) {
      report.rollbacks = Withheld(plan.rollback, "a pod of job/" + report.job_name +
                                                     " had not stopped; the migration may still commit");
    } else {
      report.rollbacks = RollBackChanged(client, plan.namespace_, plan.rollback);
    }
  }
  report.duration_ms = MillisSince(started);
  report.exit_code = RunExitCode(report);
  return report;
}

}  // namespace km::deploy
