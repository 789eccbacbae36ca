#include "deploy/run.h"

#include <mutex>

#include "kube/rollout.h"
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

std::vector<RollbackResult> Rollback(kube::Client& client, const RunPlan& plan) {
  std::vector<RollbackResult> results;
  for (const std::string& deployment : plan.rollback) {
    RollbackResult result{deployment, "", ""};
    auto undone = kube::UndoRollout(client, plan.namespace_, deployment);
    if (!undone) {
      result.result = "error";
      result.message = undone.error().message;
    } else {
      result.result =
          undone->find("skipped rollback") != std::string::npos ? "skipped" : "rolled back";
      result.message = *undone;
    }
    results.push_back(std::move(result));
  }
  return results;
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
  if (line.empty() || line.front() != '{' || line.find("\"summary\"") == std::string_view::npos) {
    return std::nullopt;
  }
  if (JsonNestedTooDeep(line)) return std::nullopt;
  kube::JsonDoc doc;
  doc.Parse(line.data(), line.size());
  if (doc.HasParseError() || !doc.IsObject() || kube::StringAt(doc, {"event"}) != "summary") {
    return std::nullopt;
  }
  return doc;
}

ExitCode RunExitCode(const RunReport& report) {
  if (report.succeeded) return ExitCode::kOk;
  if (report.outcome == "cancelled") return ExitCode::kInterrupted;
  if (report.outcome == "timed out") return ExitCode::kTimedOut;
  if (report.rollbacks.empty()) return ExitCode::kMigrationFailed;
  for (const RollbackResult& rollback : report.rollbacks) {
    if (rollback.result == "error") return ExitCode::kRollbackFailed;
  }
  return ExitCode::kRolledBack;
}

Result<RunReport> RunMigration(kube::Client& client, RunPlan plan, const RunCallbacks& callbacks,
                               const std::atomic<bool>* cancel) {
  auto started = SteadyClock::now();
  kube::Stop stop{cancel, started + plan.timeout};
  std::mutex callback_mutex;
  auto warn = [&](const std::string& message) {
    std::lock_guard lock(callback_mutex);
    if (callbacks.warning) callbacks.warning(message);
  };

  RunReport report;
  report.namespace_ = plan.namespace_;
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
    if (auto summary = ParseRunnerSummary(line.text)) report.runner_summary = std::move(summary);
    if (callbacks.log) callbacks.log(line);
  });
  logs.OnError([&](const kube::ApiError& error) { warn("logs: " + error.message); });
  (void)logs.Start();

  kube::WaitOptions options;
  options.return_early = true;
  options.on_status = [&](const kube::JobStatus& status, const std::string&) {
    std::lock_guard lock(callback_mutex);
    if (callbacks.status) callbacks.status(status);
  };
  auto waited = kube::WaitForJob(client, plan.namespace_, report.job_name, options, stop);
  if (!waited) {
    logs.Stop();
    return Error(waited.error());
  }
  report.wait = std::move(waited).value();
  bool finished = report.wait.outcome != kube::WaitOutcome::kTimedOut &&
                  report.wait.outcome != kube::WaitOutcome::kCancelled;
  if (finished) {
    logs.Finish(plan.log_grace);  // every attempt's last lines
  } else {
    logs.Stop();
  }
  report.attempts = logs.attempts();
  DecideOutcome(report);
  if (!report.succeeded && report.outcome != "cancelled") report.rollbacks = Rollback(client, plan);
  report.duration_ms = MillisSince(started);
  report.exit_code = RunExitCode(report);
  return report;
}

}  // namespace km::deploy
