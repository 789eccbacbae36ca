#include "deploy/run_record.h"

#include "kube/json.h"
#include "util/clock.h"

namespace km::deploy {

records::RunRecord MakeRunRecord(const RunReport& report, const RunOrigin& origin, int64_t finished_unix_ms) {
  records::RunRecord record;
  record.job = report.job_name;
  record.app = origin.app;
  record.namespace_ = report.namespace_;
  record.outcome = report.outcome;
  record.succeeded = report.succeeded;
  record.exit_code = ToInt(report.exit_code);
  record.reason = report.wait.status.reason;
  record.detail = report.detail;
  record.started_at = FormatUnixMillis(finished_unix_ms - report.duration_ms);
  record.finished_at = FormatUnixMillis(finished_unix_ms);
  record.duration_ms = report.duration_ms;
  record.commit = origin.commit;
  record.schema_version = origin.schema_version;
  record.triggered_by = origin.triggered_by;
  for (const kube::PodAttempt& attempt : report.attempts) {
    record.attempts.push_back({attempt.name, attempt.phase, attempt.exit_code, attempt.started_at, attempt.finished_at});
  }
  record.attempts_total = report.attempts.size();
  if (report.runner_summary) record.runner_summary = kube::ToJson(*report.runner_summary);
  record.runner_error = report.runner_error;
  record.committed = report.committed;
  for (const RollbackResult& rollback : report.rollbacks) {
    record.rollbacks.push_back({rollback.deployment, rollback.result, rollback.message});
  }
  // The lines of the attempt that decided the outcome: the last one that wrote any.
  auto take = [&](const std::string& pod) {
    auto tail = report.log_tails.find(pod);
    if (tail == report.log_tails.end() || tail->second.empty()) return false;
    record.log_pod = pod;
    record.log_tail.assign(tail->second.begin(), tail->second.end());
    auto count = report.log_line_counts.find(pod);
    record.log_truncated = count != report.log_line_counts.end() && count->second > tail->second.size();
    return true;
  };
  bool taken = false;
  for (auto attempt = report.attempts.rbegin(); attempt != report.attempts.rend() && !taken; ++attempt) {
    taken = take(attempt->name);
  }
  if (!taken && !report.log_tails.empty()) take(report.log_tails.rbegin()->first);
  return records::Bounded(std::move(record));
}

}  // namespace km::deploy
