#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "kube/client.h"
#include "kube/job.h"

namespace km::deploy {

// The label every Job `run` creates carries, and the one naming its app.
inline constexpr std::string_view kManagedByLabel = "app.kubernetes.io/managed-by=kubectl-migrate";
inline constexpr std::string_view kAppLabel = "kubectl-migrate/app";

// One migration Job as `status` shows it.
struct MigrationJob {
  std::string name;
  std::string app;
  kube::JobStatus status;
  std::string outcome;       // running, succeeded, failed
  std::string created_at;    // RFC 3339
  int64_t duration_ms = -1;  // start → completion/failure (running: → now); -1 unknown
  int64_t age_ms = -1;       // since creation
  std::string commit;
  std::string schema_version;
  std::string triggered_by;
  std::string approved_by;
};

// Reads one Job object; `now_ms` is the current Unix time in milliseconds.
MigrationJob ReadMigrationJob(const kube::JsonValue& job, int64_t now_ms);

// The newest `limit` migration Jobs in `ns` (all apps, or only `app`), newest first.
kube::ApiResult<std::vector<MigrationJob>> ListMigrationJobs(kube::Client& client,
                                                             const std::string& ns,
                                                             const std::string& app, size_t limit);

// NAME  OUTCOME  DURATION  AGE  COMMIT  SCHEMA  TRIGGERED-BY, then "running: job/x" or nothing.
void PrintMigrationJobs(const std::vector<MigrationJob>& jobs, const std::string& ns,
                        std::ostream& out);

// {"namespace":…,"running":name|null,"jobs":[…]}
std::string MigrationJobsJson(const std::vector<MigrationJob>& jobs, const std::string& ns);

}  // namespace km::deploy
