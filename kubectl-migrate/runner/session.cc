#include "runner/session.h"

#include "db/session_settings.h"

namespace km::runner {

Result<LockedSession> LockedSession::Open(const RunnerOptions& options, EventSink& sink) {
  KM_TRY_ASSIGN(auto opened, db::Connection::Open(options.database_url, kApplicationName));
  auto connection = std::make_unique<db::Connection>(std::move(opened));
  KM_TRY_STATUS(db::ApplyRunnerSessionSettings(*connection));

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
  KM_TRY_ASSIGN(auto lock, db::AdvisoryLock::Acquire(*connection, lock_options, on_wait));
  sink.Emit(Event("lock_acquired").Add("lock_id", options.lock_id)
                .Add("waited_ms", static_cast<int64_t>(lock.waited().count())));
  return LockedSession(std::move(connection), std::move(lock), options, sink);
}

Status LockedSession::VerifyLockHeld() {
  if (!lock_) return MakeError(ExitCode::kInternal, "advisory lock used after release");
  return lock_->VerifyHeld();
}

db::Connection* LockedSession::monitor() {
  if (monitor_ || monitor_failed_) return monitor_.get();
  auto opened = db::Connection::Open(options_->database_url, std::string(kApplicationName) + " (monitor)");
  if (!opened) {
    monitor_failed_ = true;
    return nullptr;
  }
  monitor_ = std::make_unique<db::Connection>(std::move(opened).value());
  return monitor_.get();
}

Status LockedSession::Release() {
  if (!lock_) return Ok();
  Status released = lock_->Release();
  const int64_t key = lock_->key();
  lock_.reset();
  if (!released) {
    sink_->Emit(Event("lock_lost", "error").Add("lock_id", key).Add("error", released.error().message));
    return released;
  }
  sink_->Emit(Event("lock_released").Add("lock_id", key));
  return Ok();
}

LockedSession::~LockedSession() { (void)Release(); }

}  // namespace km::runner
