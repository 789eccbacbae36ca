#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "db/connection.h"
#include "util/result.h"

namespace km::db {

// Who holds an advisory lock, from pg_locks joined with pg_stat_activity.
struct LockHolder {
  int pid = 0;
  std::string application_name;
  std::string client;  // client address, or "local socket"
  std::string user;
  std::string since;   // backend_start, RFC 3339 UTC

  std::string Describe() const;  // "pid 4242 (kubectl-migrate, 10.0.0.7, user app, connected since …)"
};

struct LockOptions {
  int64_t key = 123456789;
  std::chrono::milliseconds timeout{60'000};
  std::chrono::milliseconds first_delay{100};
  std::chrono::milliseconds max_delay{2'000};
};

// Called while waiting: elapsed time and the current holder (if visible).
using LockWaitCallback =
    std::function<void(std::chrono::milliseconds waited, const std::optional<LockHolder>& holder)>;

// A session-level advisory lock, held by the session that does the work: it
// cannot outlive that session or be lost while the work goes on, since both
// end together (a lock on a second, idle connection could be dropped by
// idle_session_timeout or a NAT while the work connection commits on). It is
// polled with pg_try_advisory_lock (never a blocking pg_advisory_lock, which
// holds a snapshot while it waits and deadlocks CREATE INDEX CONCURRENTLY)
// with jittered exponential backoff. Released by Release() or the destructor;
// if the process dies, PostgreSQL releases it with the session.
class AdvisoryLock {
 public:
  // Waits up to options.timeout. `connection` must outlive the lock. Errors:
  // kLockTimeout naming the holder, kInterrupted on SIGINT/SIGTERM,
  // kDatabaseUnreachable.
  static Result<AdvisoryLock> Acquire(Connection& connection, const LockOptions& options,
                                      const LockWaitCallback& on_wait);

  // Moving leaves the source empty, so only one owner ever unlocks.
  AdvisoryLock(AdvisoryLock&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)),
        key_(other.key_),
        waited_(other.waited_),
        released_(other.released_) {}
  AdvisoryLock& operator=(AdvisoryLock&&) = delete;
  AdvisoryLock(const AdvisoryLock&) = delete;
  ~AdvisoryLock();

  // Fails unless this session still holds the lock: a migration that
  // unlocked it, or a transaction-mode pooler that moved us to another
  // server connection. Checked before anything commits.
  Status VerifyHeld();
  // Unlocks; an error when the lock was not held any more.
  Status Release();
  std::chrono::milliseconds waited() const { return waited_; }
  int64_t key() const { return key_; }

 private:
  AdvisoryLock(Connection& connection, int64_t key, std::chrono::milliseconds waited)
      : connection_(&connection), key_(key), waited_(waited) {}

  Connection* connection_ = nullptr;
  int64_t key_ = 0;
  std::chrono::milliseconds waited_{0};
  bool released_ = false;
};

// The current holder of advisory lock `key` in this database, if any.
Result<std::optional<LockHolder>> FindLockHolder(Connection& connection, int64_t key);

}  // namespace km::db
