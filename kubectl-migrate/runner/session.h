#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "db/advisory_lock.h"
#include "db/connection.h"
#include "runner/events.h"
#include "runner/options.h"
#include "util/result.h"

namespace km::runner {

// The advisory lock and the connection that holds it, which is also the one
// every migration runs on: the lock cannot be lost while the work goes on.
// Releasing (or destroying) it unlocks and emits "lock_released".
class LockedSession {
 public:
  // Connects, sets the runner's session settings, waits for the lock emitting
  // "lock_waiting" now and then, emits "lock_acquired".
  static Result<LockedSession> Open(const RunnerOptions& options, EventSink& sink);

  LockedSession(LockedSession&& other) noexcept
      : connection_(std::move(other.connection_)),
        lock_(std::exchange(other.lock_, std::nullopt)),
        monitor_(std::move(other.monitor_)),
        options_(other.options_),
        sink_(other.sink_) {}
  LockedSession& operator=(LockedSession&&) = delete;
  ~LockedSession();

  db::Connection& connection() { return *connection_; }
  // Fails unless the lock is still this session's (see AdvisoryLock::VerifyHeld).
  Status VerifyLockHeld();
  // A second connection, opened on first use, to look at who blocks the work
  // connection while one of its statements waits. Null if it cannot connect.
  db::Connection* monitor();
  // Unlocks and emits "lock_released"; an error (and "lock_lost") when the
  // lock was not held any more.
  Status Release();

 private:
  LockedSession(std::unique_ptr<db::Connection> connection, db::AdvisoryLock lock,
                const RunnerOptions& options, EventSink& sink)
      : connection_(std::move(connection)),
        lock_(std::move(lock)),
        options_(&options),
        sink_(&sink) {}

  std::unique_ptr<db::Connection> connection_;  // stable address: the lock refers to it
  std::optional<db::AdvisoryLock> lock_;
  std::unique_ptr<db::Connection> monitor_;
  bool monitor_failed_ = false;
  const RunnerOptions* options_;
  EventSink* sink_;
};

}  // namespace km::runner
