#include "deploy/run_report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <set>

#include "kube/timestamp.h"
#include "util/strings.h"

namespace km::deploy {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(Writer& w, const char* key) { w.Key(key); }
void Str(Writer& w, const std::string& text) {
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

std::string Seconds(int64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fs", static_cast<double>(ms) / 1000.0);
  return buffer;
}

}  // namespace

int64_t MillisBetween(const std::string& from, const std::string& to) {
  auto start = kube::UnixMillisFromRfc3339(from), end = kube::UnixMillisFromRfc3339(to);
  if (!start || !end) return -1;
  return *end - *start;
}

std::optional<size_t> MigrationsApplied(const RunReport& report) {
  if (!report.runner_summary && report.committed.empty()) return std::nullopt;
  return std::set<std::string>(report.committed.begin(), report.committed.end()).size();
}

std::string RunReportJson(const RunReport& report) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Key(w, "job");
  Str(w, report.job_name);
  Key(w, "namespace");
  Str(w, report.namespace_);
  if (!report.configmap.empty()) {
    Key(w, "configmap");
    Str(w, report.configmap);
  }
  Key(w, "outcome");
  Str(w, report.outcome);
  Key(w, "succeeded");
  w.Bool(report.succeeded);
  Key(w, "reason");
  Str(w, report.wait.status.reason);
  Key(w, "detail");
  Str(w, report.detail);
  Key(w, "retry_not_started");
  Str(w, report.retry_not_started);
  Key(w, "job_deleted");
  w.Bool(report.wait.deleted);
  Key(w, "exit_code");
  w.Int(ToInt(report.exit_code));
  Key(w, "duration_ms");
  w.Int64(report.duration_ms);
  Key(w, "attempts");
  w.StartArray();
  for (const kube::PodAttempt& attempt : report.attempts) {
    w.StartObject();
    Key(w, "pod");
    Str(w, attempt.name);
    Key(w, "phase");
    Str(w, attempt.phase);
    Key(w, "exit_code");
    if (attempt.exit_code) {
      w.Int(*attempt.exit_code);
    } else {
      w.Null();
    }
    Key(w, "started_at");
    Str(w, attempt.started_at);
    Key(w, "finished_at");
    Str(w, attempt.finished_at);
    Key(w, "duration_ms");
    int64_t duration = MillisBetween(attempt.started_at, attempt.finished_at);
    if (duration >= 0) {
      w.Int64(duration);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  Key(w, "runner");
  if (report.runner_summary) {
    report.runner_summary->Accept(w);
  } else {
    w.Null();
  }
  Key(w, "runner_error");
  Str(w, report.runner_error);
  Key(w, "committed");
  w.StartArray();
  for (const std::string& tag : report.committed) Str(w, tag);
  w.EndArray();
  Key(w, "applied");
  if (auto applied = MigrationsApplied(report)) {
    w.Uint64(*applied);
  } else {
    w.Null();
  }
  Key(w, "job_stopped");
  w.Bool(report.job_stopped);
  Key(w, "pods_ended");
  w.Bool(report.pods_ended);
  Key(w, "rollbacks");
  w.StartArray();
  for (const RollbackResult& rollback : report.rollbacks) {
    w.StartObject();
    Key(w, "deployment");
    Str(w, rollback.deployment);
    Key(w, "result");
    Str(w, rollback.result);
    Key(w, "revision");
    w.Int64(rollback.revision);
    Key(w, "message");
    Str(w, rollback.message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string RunReportText(const RunReport& report) {
  std::string text;
  for (size_t i = 0; i < report.attempts.size(); ++i) {
    const kube::PodAttempt& attempt = report.attempts[i];
    text += "attempt " + std::to_string(i + 1) + ": pod/" + attempt.name;
    if (attempt.exit_code) {
      text += " exited " + std::to_string(*attempt.exit_code);
    } else {
      text += " " + (attempt.phase.empty() ? std::string("pending") : attempt.phase);
    }
    int64_t duration = MillisBetween(attempt.started_at, attempt.finished_at);
    if (duration >= 0) text += " after " + Seconds(duration);
    text += "\n";
  }
  if (!report.succeeded && report.outcome != "succeeded") {
    if (report.pods_ended || !report.committed.empty()) {
      text += "committed before it stopped: " +
              (report.committed.empty() ? "none" : Join(report.committed)) + "\n";
    }
  }
  for (const RollbackResult& rollback : report.rollbacks) {
    text += (rollback.result == "error" ? "rollback failed: " : "") + rollback.message + "\n";
  }
  text += "job/" + report.job_name + " ";
  text += report.outcome == "succeeded" || report.outcome == "failed"
              ? report.detail
              : report.outcome + ": " + report.detail;
  text += " (" + Seconds(report.duration_ms) + ")\n";
  return text;
}

}  // namespace km::deploy
