#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/blockers.h"
#include "db/connection.h"
#include "runner/events.h"
#include "runner/options.h"
#include "runner/session.h"

namespace km::runner {

// What the summary says about lock waits.
struct LockStats {
  int64_t retries = 0;     // attempts repeated after a lost lock wait, deadlock, ...
  int64_t blocked_ms = 0;  // time spent in statements that waited behind other sessions
};

// Runs statements on the session's connection and, while one waits, looks at
// who blocks it (pg_blocking_pids, from a second connection): emits
// "lock_blocked" naming them when they change (or every 10 s), never their
// query text unless asked.
class StatementRunner {
 public:
  StatementRunner(LockedSession& session, const RunnerOptions& options, EventSink& sink)
      : session_(session), options_(options), sink_(sink) {}

  // Statement `number` (1-based) of migration `tag`.
  Result<db::Rows, db::SqlError> Run(const std::string& tag, size_t number, std::string_view sql);

  // The sessions seen blocking the last statement run (empty if none).
  const std::vector<db::Blocker>& last_blockers() const { return last_blockers_; }
  const LockStats& stats() const { return stats_; }
  LockStats& stats() { return stats_; }

 private:
  void Look(const std::string& tag, size_t number, std::chrono::milliseconds waited);

  LockedSession& session_;
  const RunnerOptions& options_;
  EventSink& sink_;
  LockStats stats_;
  std::vector<db::Blocker> last_blockers_;
  std::vector<int> reported_pids_;
  std::chrono::steady_clock::time_point reported_at_{};
};

// "pid 4242 (user report, ...); pid 4243 (...)"
std::string DescribeBlockers(const std::vector<db::Blocker>& blockers);

// Adds the blockers to an event: the first (oldest transaction) field by
// field, and all of them as text.
void AddBlockers(Event& event, const std::vector<db::Blocker>& blockers, bool with_query);

}  // namespace km::runner
