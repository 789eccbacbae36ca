#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kube/client.h"

namespace km::kube {

enum class JobOutcome { kRunning, kSucceeded, kFailed };

// What a Job's status says. `finished` is Complete=True or Failed=True, which from
// Kubernetes 1.31 come only after every pod has terminated; before that,
// SuccessCriteriaMet / FailureTarget (1.25+) already tell the outcome.
struct JobStatus {
  JobOutcome outcome = JobOutcome::kRunning;
  bool finished = false;
  bool suspended = false;
  std::string reason;  // of the deciding condition: BackoffLimitExceeded, DeadlineExceeded, ...
  std::string message;
  int64_t active = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
};

JobStatus ReadJobStatus(const JsonValue& job);

// "succeeded", "failed (BackoffLimitExceeded: Job has reached the specified backoff limit)",
// "running (1 active, 2 failed)".
std::string Describe(const JobStatus& status);

// "<base>-<unix seconds>", a valid name of at most 63 characters: a base too long
// for that is cut and given 5 hex digits of its SHA-256, so two long bases that
// share a prefix still get different names.
std::string MakeJobName(std::string_view base, int64_t unix_seconds);

// "<app>-migrate-<YYYYMMDDhhmmss UTC>-<suffix>", e.g. yomu-api-migrate-20250102030405-k3x9q:
// always a valid DNS label of at most 63 characters. `app` is lowered and every
// character a label cannot hold becomes '-'; an app too long is cut and given 5 hex
// digits of its SHA-256 (as MakeJobName does).
std::string MakeRunJobName(std::string_view app, int64_t unix_seconds, std::string_view suffix);

// `length` random lowercase letters and digits, for names that must not collide.
std::string RandomNameSuffix(size_t length);

// `text` as a DNS label: lowercase, [a-z0-9-] only, no '-' at either end; "" stays "".
std::string ToDnsLabel(std::string_view text);

std::string JobsPath(std::string_view ns);

// POSTs a Job object; returns it as the server stored it (with uid).
ApiResult<JsonDoc> CreateJob(Client& client, std::string_view ns, const JsonValue& job);

// The Job, or nullopt when it does not exist (never created, or deleted by its TTL).
ApiResult<std::optional<JsonDoc>> GetJob(Client& client, std::string_view ns,
                                         std::string_view name);

// Deletes the Job and, in the background, its pods.
Result<void, ApiError> DeleteJob(Client& client, std::string_view ns, std::string_view name);

}  // namespace km::kube
