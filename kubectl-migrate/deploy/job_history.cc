#include "deploy/job_history.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>

#include "deploy/job_template.h"
#include "kube/timestamp.h"

namespace km::deploy {
namespace {

std::string Annotation(const kube::JsonValue& job, std::string_view key) {
  return kube::StringAt(job, {"metadata", "annotations", key});
}

// When the Job reached its outcome: completionTime, else the deciding condition's time.
std::string FinishedAt(const kube::JsonValue& job) {
  std::string completion = kube::StringAt(job, {"status", "completionTime"});
  if (!completion.empty()) return completion;
  const kube::JsonValue* conditions = kube::Find(job, {"status", "conditions"});
  if (conditions == nullptr || !conditions->IsArray()) return "";
  for (const kube::JsonValue& condition : conditions->GetArray()) {
    std::string type = kube::StringAt(condition, {"type"});
    if (kube::StringAt(condition, {"status"}) == "True" &&
        (type == "Failed" || type == "FailureTarget" || type == "Complete")) {
      return kube::StringAt(condition, {"lastTransitionTime"});
    }
  }
  return "";
}

// "45s", "3m", "2h", "4d" as kubectl shows ages; "-" when unknown.
std::string Human(int64_t ms) {
  if (ms < 0) return "-";
  int64_t s = ms / 1000;
  if (s < 120) return std::to_string(s) + "s";
  if (s < 2 * 3600) return std::to_string(s / 60) + "m";
  if (s < 2 * 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

}  // namespace

MigrationJob ReadMigrationJob(const kube::JsonValue& job, int64_t now_ms) {
  MigrationJob row;
  row.name = kube::StringAt(job, {"metadata", "name"});
  row.app = kube::StringAt(job, {"metadata", "labels", kAppLabel});
  row.status = kube::ReadJobStatus(job);
  row.outcome = row.status.outcome == kube::JobOutcome::kSucceeded ? "succeeded"
                : row.status.outcome == kube::JobOutcome::kFailed  ? "failed"
                                                                   : "running";
  row.created_at = kube::StringAt(job, {"metadata", "creationTimestamp"});
  row.commit = Annotation(job, "kubectl-migrate/commit");
  row.schema_version = Annotation(job, "kubectl-migrate/schema-version");
  row.triggered_by = Annotation(job, "kubectl-migrate/triggered-by");
  row.approved_by = Annotation(job, "kubectl-migrate/approved-by");
  auto created = kube::UnixMillisFromRfc3339(row.created_at);
  if (created) row.age_ms = now_ms - *created;
  auto started = kube::UnixMillisFromRfc3339(kube::StringAt(job, {"status", "startTime"}));
  auto finished = kube::UnixMillisFromRfc3339(FinishedAt(job));
  if (started) row.duration_ms = (finished ? *finished : now_ms) - *started;
  return row;
}

kube::ApiResult<std::vector<MigrationJob>> ListMigrationJobs(kube::Client& client,
                                                             const std::string& ns,
                                                             const std::string& app, size_t limit) {
  std::string selector(kManagedByLabel);
  if (!app.empty()) selector += "," + std::string(kAppLabel) + "=" + ToLabelValue(app);
  auto list = client.Get(kube::JobsPath(ns) + "?labelSelector=" + kube::UrlEncode(selector));
  if (!list) return list.error().Wrap("listing migration jobs in namespace " + ns);
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::vector<MigrationJob> jobs;
  const kube::JsonValue* items = kube::Find(*list, {"items"});
  if (items != nullptr && items->IsArray()) {
    for (const kube::JsonValue& item : items->GetArray())
      jobs.push_back(ReadMigrationJob(item, now));
  }
  std::sort(jobs.begin(), jobs.end(), [](const MigrationJob& a, const MigrationJob& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.name > b.name;
  });
  if (jobs.size() > limit) jobs.resize(limit);
  return jobs;
}

void PrintMigrationJobs(const std::vector<MigrationJob>& jobs, const std::string& ns,
                        std::ostream& out) {
  if (jobs.empty()) {
    out << "No migration jobs in namespace " << ns << ".\n";
    return;
  }
  size_t width = 4;
  size_t schema_width = 6;
  for (const MigrationJob& job : jobs) {
    width = std::max(width, job.name.size());
    schema_width = std::max(schema_width, job.schema_version.size());
  }
  const int schema_column = static_cast<int>(schema_width) + 2;
  out << std::left << std::setw(static_cast<int>(width) + 2) << "JOB" << std::setw(11) << "OUTCOME"
      << std::setw(10) << "DURATION" << std::setw(6) << "AGE" << std::setw(14) << "COMMIT"
      << std::setw(schema_column) << "SCHEMA"
      << "TRIGGERED-BY\n";
  const MigrationJob* running = nullptr;
  for (const MigrationJob& job : jobs) {
    if (job.outcome == "running" && running == nullptr) running = &job;
    out << std::setw(static_cast<int>(width) + 2) << job.name << std::setw(11) << job.outcome
        << std::setw(10) << Human(job.duration_ms) << std::setw(6) << Human(job.age_ms)
        << std::setw(14) << (job.commit.empty() ? "-" : job.commit.substr(0, 12))
        << std::setw(schema_column)
        << (job.schema_version.empty() ? "-" : job.schema_version)
        << (job.triggered_by.empty() ? "-" : job.triggered_by) << "\n";
  }
  if (running != nullptr) {
    out << "Running: job/" << running->name << " " << kube::Describe(running->status) << "\n";
  }
  out << std::right;
}

std::string MigrationJobsJson(const std::vector<MigrationJob>& jobs, const std::string& ns) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&](const std::string& text) {
    w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  };
  auto ms = [&](int64_t value) {
    if (value < 0) {
      w.Null();
    } else {
      w.Int64(value);
    }
  };
  w.StartObject();
  w.Key("namespace");
  str(ns);
  w.Key("running");
  auto running = std::find_if(jobs.begin(), jobs.end(),
                              [](const MigrationJob& job) { return job.outcome == "running"; });
  if (running == jobs.end()) {
    w.Null();
  } else {
    str(running->name);
  }
  w.Key("jobs");
  w.StartArray();
  for (const MigrationJob& job : jobs) {
    w.StartObject();
    w.Key("name");
    str(job.name);
    w.Key("app");
    str(job.app);
    w.Key("outcome");
    str(job.outcome);
    w.Key("reason");
    str(job.status.reason);
    w.Key("created_at");
    str(job.created_at);
    w.Key("duration_ms");
    ms(job.duration_ms);
    w.Key("age_ms");
    ms(job.age_ms);
    w.Key("commit");
    str(job.commit);
    w.Key("schema_version");
    str(job.schema_version);
    w.Key("triggered_by");
    str(job.triggered_by);
    w.Key("approved_by");
    str(job.approved_by);
    w.Key("active");
    w.Int64(job.status.active);
    w.Key("failed");
    w.Int64(job.status.failed);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace km::deploy
