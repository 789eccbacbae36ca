#include "db/advisory_lock.h"

#include <algorithm>
#include <random>

#include "db/interrupt.h"
#include "util/clock.h"

namespace km::db {
namespace {

// A bigint advisory key shows in pg_locks as classid = high 32 bits,
// objid = low 32 bits, objsubid = 1.
constexpr const char* kHolderSql = R"(
SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local socket'),
       coalesce(a.usename::text, ''),
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = (($1::bigint >> 32) & 4294967295)
  AND l.objid::bigint = ($1::bigint & 4294967295)
LIMIT 1)";

constexpr const char* kHeldSql = R"(
SELECT EXISTS (SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = pg_backend_pid()
    AND classid::bigint = (($1::bigint >> 32) & 4294967295)
    AND objid::bigint = ($1::bigint & 4294967295)))";

std::chrono::milliseconds Jitter(std::chrono::milliseconds delay) {
  static std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<int64_t>(delay.count() * factor(rng)));
}

Result<bool> TryLock(Connection& connection, int64_t key) {
  auto rows = connection.Exec("SELECT pg_try_advisory_lock($1::bigint)", {std::to_string(key)});
  if (!rows) return rows.error().ToError().Wrap("pg_try_advisory_lock");
  return rows->Get(0, 0) == "t";
}

}  // namespace

std::string LockHolder::Describe() const {
  std::string out = "pid " + std::to_string(pid) + " (";
  out += application_name.empty() ? "no application_name" : application_name;
  out += ", " + client;
  if (!user.empty()) out += ", user " + user;
  if (!since.empty()) out += ", connected since " + since;
  return out + ")";
}

Result<std::optional<LockHolder>> FindLockHolder(Connection& connection, int64_t key) {
  auto rows = connection.Exec(kHolderSql, {std::to_string(key)});
  if (!rows) return rows.error().ToError().Wrap("looking up the lock holder");
  if (rows->size() == 0) return std::optional<LockHolder>();
  LockHolder holder;
  holder.pid = std::atoi(rows->Get(0, 0).c_str());
  holder.application_name = rows->Get(0, 1);
  holder.client = rows->Get(0, 2);
  holder.user = rows->Get(0, 3);
  holder.since = rows->Get(0, 4);
  return std::optional<LockHolder>(holder);
}

Result<AdvisoryLock> AdvisoryLock::Acquire(Connection& connection, const LockOptions& options,
                                           const LockWaitCallback& on_wait) {
  const auto start = SteadyClock::now();
  auto delay = options.first_delay;
  std::optional<LockHolder> holder;
  const std::string what = "advisory lock " + std::to_string(options.key);
  while (true) {
    if (Interrupted()) return MakeError(ExitCode::kInterrupted, "interrupted while waiting for " + what);
    KM_TRY_ASSIGN(bool acquired, TryLock(connection, options.key));
    auto waited = std::chrono::milliseconds(MillisSince(start));
    if (acquired) return AdvisoryLock(connection, options.key, waited);
    auto found = FindLockHolder(connection, options.key);
    if (found.ok()) holder = *found;
    if (waited >= options.timeout) {
      return MakeError(ExitCode::kLockTimeout,
                       what + " still held after " + std::to_string(waited.count() / 1000) + "s by " +
                           (holder ? holder->Describe() : std::string("another session")) +
                           "; raise --advisory-lock-timeout or stop that runner");
    }
    if (on_wait) on_wait(waited, holder);
    InterruptibleSleep(std::min(Jitter(delay), options.timeout - waited));
    delay = std::min(delay * 2, options.max_delay);
  }
}

Status AdvisoryLock::VerifyHeld() {
  if (released_ || !connection_) return MakeError(ExitCode::kInternal, "advisory lock used after release");
  auto rows = connection_->Exec(kHeldSql, {std::to_string(key_)});
  if (!rows) return rows.error().ToError().Wrap("checking advisory lock " + std::to_string(key_));
  if (rows->Get(0, 0) == "t") return Ok();
  return MakeError(ExitCode::kMigrationFailed,
                   "advisory lock " + std::to_string(key_) +
                       " is no longer held by this session (a migration unlocked it, or a "
                       "transaction-mode pooler such as PgBouncer moved the session): stopped before "
                       "committing");
}

Status AdvisoryLock::Release() {
  if (released_ || !connection_) return Ok();
  released_ = true;
  // A failed transaction would refuse the unlock; end it first.
  if (connection_->InTransaction()) (void)connection_->Exec("ROLLBACK");
  auto rows = connection_->Exec("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(key_)});
  if (!rows) return rows.error().ToError().Wrap("releasing advisory lock " + std::to_string(key_));
  if (rows->Get(0, 0) != "t") {
    return MakeError(ExitCode::kMigrationFailed,
                     "advisory lock " + std::to_string(key_) + " was not held any more when released");
  }
  return Ok();
}

AdvisoryLock::~AdvisoryLock() {
  if (connection_ && !released_) (void)Release();
}

}  // namespace km::db
