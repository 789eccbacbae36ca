#pragma once

#include <optional>
#include <utility>

#include "db/advisory_lock.h"
#include "db/connection.h"
#include "runner/events.h"
#include "runner/options.h"
#include "util/result.h"

namespace km::runner {

// The advisory lock plus a working connection, for commands that change the
// database. Releasing (or destroying) it unlocks and emits "lock_released".
class LockedSession {
 public:
  // Connects twice (lock connection, work connection), waits for the lock
  // emitting "lock_waiting" now and then, emits "lock_acquired".
  static Result<LockedSession> Open(const RunnerOptions& options, EventSink& sink);

  // Moving leaves the source empty, so only one owner ever unlocks.
  LockedSession(LockedSession&& other) noexcept
      : lock_(std::exchange(other.lock_, std::nullopt)),
        connection_(std::exchange(other.connection_, std::nullopt)),
        sink_(other.sink_) {}
  LockedSession& operator=(LockedSession&&) = delete;
  ~LockedSession();

  db::Connection& connection() { return *connection_; }
  void Release();

 private:
  LockedSession(db::AdvisoryLock lock, db::Connection connection, EventSink& sink)
      : lock_(std::move(lock)), connection_(std::move(connection)), sink_(&sink) {}

  std::optional<db::AdvisoryLock> lock_;
  std::optional<db::Connection> connection_;
  EventSink* sink_;
};

}  // namespace km::runner
