#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace km::records {

// What a finished `kubectl migrate run` leaves behind in the cluster, so that `status`
// and `kubectl migrate logs` can show it after the Job's TTL has deleted the Job and
// its logs. Kept per app, newest first, in one ConfigMap (records/store.h).

// Bounds that keep a history well under the 1 MiB a ConfigMap may hold.
inline constexpr size_t kDefaultMaxRecords = 20;
inline constexpr size_t kMaxTailLines = 50;             // last lines of the deciding attempt
inline constexpr size_t kMaxTailBytes = 8 * 1024;       // ... and at most this many bytes
inline constexpr size_t kMaxTextBytes = 2 * 1024;       // detail, runner error, rollback messages
inline constexpr size_t kMaxSummaryBytes = 4 * 1024;    // the runner's summary event (JSON)
inline constexpr size_t kMaxAttempts = 10;              // the last attempts (exit codes)
inline constexpr size_t kMaxCommitted = 50;             // tags committed before it ended
inline constexpr size_t kMaxHistoryBytes = 768 * 1024;  // the whole serialised history

struct Attempt {
  std::string pod;
  std::string phase;
  std::optional<int> exit_code;
  std::string started_at;   // RFC 3339
  std::string finished_at;  // RFC 3339
};

struct Rollback {
  std::string deployment;
  std::string result;  // rolled back, unchanged, skipped, withheld, error
  std::string message;
};

struct RunRecord {
  std::string job;
  std::string app;
  std::string namespace_;
  std::string outcome;  // succeeded, failed, timed out, not started, deleted, cancelled
  bool succeeded = false;
  int exit_code = 0;    // what `run` exited with
  std::string reason;   // the Job's condition reason (PodFailurePolicy, BackoffLimitExceeded, ...)
  std::string detail;   // why, in words
  std::string started_at;   // RFC 3339, when `run` started
  std::string finished_at;  // RFC 3339, when `run` ended
  int64_t duration_ms = 0;
  std::string commit;
  std::string schema_version;
  std::string triggered_by;
  std::vector<Attempt> attempts;    // the last kMaxAttempts
  size_t attempts_total = 0;        // how many there were
  std::string runner_summary;       // the runner's last summary event, compact JSON, or ""
  std::string runner_error;         // the runner's own error line
  std::vector<std::string> committed;
  std::vector<Rollback> rollbacks;
  std::string log_pod;                // whose lines log_tail holds (the last attempt with output)
  std::vector<std::string> log_tail;  // its last lines, oldest first
  bool log_truncated = false;         // lines before these were left out
};

// The record with every field within its bound: the tail cut to the last kMaxTailLines
// lines and kMaxTailBytes bytes (a longer line keeps its end), texts to kMaxTextBytes, a
// summary over kMaxSummaryBytes dropped, attempts and tags to their last ones;
// connection-string passwords hidden (RedactSecretsInText) and every text made valid
// UTF-8 (a ConfigMap holds only UTF-8).
RunRecord Bounded(RunRecord record);

// `record` added to `history` (newest first; a record of the same Job replaced), then
// the oldest dropped until at most `max_records` remain and the JSON stays within
// kMaxHistoryBytes.
std::vector<RunRecord> AddRecord(std::vector<RunRecord> history, RunRecord record,
                                 size_t max_records);

// {"version":1,"runs":[{...}, ...]}: what the ConfigMap's key holds.
std::string HistoryJson(const std::vector<RunRecord>& history);

// One record as a JSON object (`logs -o json`, `status -o json`).
std::string RecordJson(const RunRecord& record);

// Reads HistoryJson's output. Anything else (not JSON, another version, a field of the
// wrong type) is one validation error naming `where` and what is wrong.
Result<std::vector<RunRecord>> ParseHistory(std::string_view json, std::string_view where);

// Which record `logs` shows.
struct Selector {
  bool failed_only = false;  // the newest one that did not succeed
  std::string job;           // the one of this Job ("" = any)
};

// The newest record `selector` matches, or nullptr.
const RunRecord* Select(const std::vector<RunRecord>& history, const Selector& selector);

}  // namespace km::records
