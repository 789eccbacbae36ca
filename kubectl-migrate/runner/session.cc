#include "runner/session.h"

namespace km::runner {
namespace {

void EmitReleased(EventSink& sink, int64_t key) {
  sink.Emit(Event("lock_released").Add("lock_id", key));
}

}  // namespace

Result<LockedSession> LockedSession::Open(const RunnerOptions& options, EventSink& sink) {
  auto lock_connection = db::Connection::Open(options.database_url, kApplicationName);
  if (!lock_connection) return std::move(lock_connection).error();

  db::LockOptions lock_options;
  lock_options.key = options.lock_id;
  lock_options.timeout = options.lock_timeout;
  std::optional<std::chrono::milliseconds> last_report;
  auto on_wait = [&](std::chrono::milliseconds waited, const std::optional<db::LockHolder>& holder) {
    if (last_report && waited - *last_report < std::chrono::seconds(10)) return;
    last_report = waited;
    Event event("lock_waiting", "warn");
    event.Add("lock_id", options.lock_id).Add("waited_ms", static_cast<int64_t>(waited.count()));
    if (holder) event.Add("holder_pid", holder->pid).Add("holder", holder->Describe());
    sink.Emit(event);
  };
  auto lock = db::AdvisoryLock::Acquire(std::move(lock_connection).value(), lock_options, on_wait);
  if (!lock) return std::move(lock).error();
  sink.Emit(Event("lock_acquired").Add("lock_id", options.lock_id)
                .Add("waited_ms", static_cast<int64_t>(lock->waited().count())));

  auto connection = db::Connection::Open(options.database_url, kApplicationName);
  if (!connection) {
    (void)lock->Release();
    EmitReleased(sink, options.lock_id);
    return std::move(connection).error();
  }
  // If this process dies mid-statement, the lock's idle backend notices at
  // once and unlocks; make the busy one notice too (PostgreSQL 14+), so it
  // stops and rolls back instead of running on beside the next runner.
  (void)connection->Exec("SET client_connection_check_interval = '1s'");
  return LockedSession(std::move(lock).value(), std::move(connection).value(), sink);
}

void LockedSession::Release() {
  if (!lock_) return;
  (void)lock_->Release();  // a lost connection has released the lock already
  EmitReleased(*sink_, lock_->key());
  lock_.reset();
}

LockedSession::~LockedSession() { Release(); }

}  // namespace km::runner
