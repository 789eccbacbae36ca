#include "runner/migration_runner.h"

#include <optional>
#include <string>

#include "db/interrupt.h"
#include "db/invalid_index.h"
#include "db/session_settings.h"
#include "migrations/concurrent_index.h"
#include "migrations/error_position.h"
#include "runner/retry.h"
#include "runner/selection.h"
#include "util/clock.h"

namespace km::runner {
namespace {

using migrations::Migration;
using std::chrono::milliseconds;

// Why an attempt failed, for the events and the error.
struct Failure {
  size_t statement = 0;      // 1-based; 0 when no statement failed (lock, record, COMMIT)
  std::string phase = "statement";  // statement, commit, record, lock, transaction
  db::SqlError sql;          // empty sqlstate/message for failures that are not SQL errors
  Error error{ExitCode::kMigrationFailed, ""};
  size_t committed = 0;      // statements that stayed committed
  bool retryable = false;
};

Failure FromSql(size_t statement, db::SqlError sql, size_t committed) {
  Failure f;
  f.statement = statement;
  f.error = sql.ToError();
  if (db::Interrupted()) f.error.code = ExitCode::kInterrupted;
  f.retryable = sql.Retryable() && !db::Interrupted();
  f.sql = std::move(sql);
  f.committed = committed;
  return f;
}

Failure FromError(std::string phase, Error error, size_t committed) {
  Failure f;
  f.phase = std::move(phase);
  f.sql.message = error.message;
  f.error = std::move(error);
  f.committed = committed;
  return f;
}

Failure Interruption(size_t statement, size_t committed) {
  Failure f = FromError("statement",
                        MakeError(ExitCode::kInterrupted,
                                  "interrupted by signal " + std::to_string(db::InterruptSignal())),
                        committed);
  f.statement = statement;
  f.sql.sqlstate = "57014";
  return f;
}

std::string Interval(milliseconds value) { return "'" + std::to_string(value.count()) + "ms'"; }

// "SET [LOCAL] lock_timeout = ...; SET [LOCAL] statement_timeout = ...;" as the options ask.
std::string GuardSql(const RunnerOptions& options, bool local) {
  std::string set = local ? "SET LOCAL " : "SET ";
  std::string sql;
  if (options.ddl_lock_timeout.count() > 0) sql += set + "lock_timeout = " + Interval(options.ddl_lock_timeout) + ";";
  if (options.statement_timeout.count() > 0) {
    sql += set + "statement_timeout = " + Interval(options.statement_timeout) + ";";
  }
  return sql;
}

std::string Where(const Failure& f, size_t total) {
  if (f.phase == "commit") return "at COMMIT";
  if (f.phase == "record") return "recording it in the history table";
  if (f.phase == "lock") return "before committing";
  return "at statement " + std::to_string(f.statement) + " of " + std::to_string(total);
}

Error Report(ApplyContext& c, const Migration& m, SteadyClock::time_point started, const Failure& f,
             int attempts) {
  const size_t total = m.statements.size();
  Event event("migration_failed", "error");
  event.Add("tag", m.tag).Add("duration_ms", MillisSince(started)).Add("statement", f.statement)
      .Add("statements", total).Add("phase", f.phase).Add("sqlstate", f.sql.sqlstate)
      .Add("message", f.sql.message).Add("position", f.sql.position)
      .Add("error", f.sql.sqlstate.empty() ? f.error.message : f.sql.Describe())
      .Add("committed_statements", f.committed).Add("attempts", attempts)
      .Add("retryable", f.retryable);
  std::string where = Where(f, total);
  if (f.statement > 0 && f.sql.position > 0) {
    if (auto at = migrations::ErrorPositionInFile(m, f.statement - 1, f.sql.position)) {
      event.Add("line", at->line).Add("column", at->column);
      where += " (" + m.path + ":" + std::to_string(at->line) + ":" + std::to_string(at->column) + ")";
    }
  }
  if (!f.sql.detail.empty()) event.Add("detail", f.sql.detail);
  if (!f.sql.hint.empty()) event.Add("hint", f.sql.hint);
  AddBlockers(event, c.statements.last_blockers(), c.options.show_blocker_queries);
  c.sink.Emit(event);
  Error error = f.error;
  if (f.retryable) {
    error.code = ExitCode::kRetryExhausted;
    error.message += " (gave up after " + std::to_string(attempts) + " attempt(s) within --ddl-retry-budget " +
                     std::to_string(c.options.retry_budget.count() / 1000) + "s";
    if (!c.statements.last_blockers().empty()) {
      error.message += "; blocked by " + DescribeBlockers(c.statements.last_blockers());
    }
    error.message += ")";
  }
  return error.Wrap("migration " + m.tag + " failed " + where);
}

// The pause before trying again, or nullopt when the failure is final.
// Emits "migration_retry" when there is one.
std::optional<milliseconds> RetryDelay(ApplyContext& c, const Migration& m, const Failure& f, int attempts,
                                       SteadyClock::time_point first_started, bool resumes) {
  if (!f.retryable) return std::nullopt;
  auto delay = NextRetryDelay(RetryPolicy{c.options.retry_budget}, attempts,
                              milliseconds(MillisSince(first_started)), RandomJitter());
  if (!delay) return std::nullopt;
  Event event("migration_retry", "warn");
  event.Add("tag", m.tag).Add("attempt", attempts + 1).Add("statement", f.statement)
      .Add("sqlstate", f.sql.sqlstate).Add("error", f.sql.Describe())
      .Add("delay_ms", static_cast<int64_t>(delay->count())).Add("elapsed_ms", MillisSince(first_started))
      .Add("budget_ms", static_cast<int64_t>(c.options.retry_budget.count()));
  if (resumes) {
    event.Add("resume_statement", f.statement).Add("committed_statements", f.committed);
  }
  AddBlockers(event, c.statements.last_blockers(), c.options.show_blocker_queries);
  c.sink.Emit(event);
  ++c.statements.stats().retries;
  return delay;
}

// One attempt at `migrations` in one transaction: BEGIN, guard settings,
// every statement (the transaction must stay open), lock check, history rows,
// COMMIT. Rolls back on failure. `failed_index` says which migration failed.
std::optional<Failure> TryTransaction(ApplyContext& c, const std::vector<const Migration*>& migrations,
                                      size_t& failed_index) {
  db::Connection& conn = c.session.connection();
  failed_index = 0;
  auto fail = [&](Failure f) {
    if (conn.InTransaction()) (void)conn.Exec("ROLLBACK");
    return std::optional<Failure>(std::move(f));
  };
  if (auto begun = conn.Exec("BEGIN;" + GuardSql(c.options, /*local=*/true)); !begun) {
    return fail(FromSql(0, std::move(begun).error(), 0));
  }
  for (size_t k = 0; k < migrations.size(); ++k) {
    failed_index = k;
    const Migration& m = *migrations[k];
    for (size_t i = 0; i < m.statements.size(); ++i) {
      if (db::Interrupted()) return fail(Interruption(i + 1, 0));
      auto ran = c.statements.Run(m.tag, i + 1, m.statements[i]);
      if (!ran) return fail(FromSql(i + 1, std::move(ran).error(), 0));
      if (!conn.InTransaction()) {
        // The statement itself ended our transaction (COMMIT, ROLLBACK, END).
        const bool rolled_back = ran->CommandTag() == "ROLLBACK";
        Failure f = FromError(
            "transaction",
            MakeError(ExitCode::kMigrationFailed,
                      "statement " + std::to_string(i + 1) + " ended the migration's transaction (" +
                          (rolled_back ? "ROLLBACK" : "COMMIT or END") +
                          " inside a migration): " +
                          (rolled_back ? "what ran before it was rolled back"
                                       : "what ran up to it is committed and not recorded") +
                          "; remove it, the runner manages the transaction"),
            rolled_back ? 0 : i + 1);
        f.statement = i + 1;
        return fail(std::move(f));
      }
    }
  }
  if (Status held = c.session.VerifyLockHeld(); !held) return fail(FromError("lock", held.error(), 0));
  for (size_t k = 0; k < migrations.size(); ++k) {
    failed_index = k;
    Status recorded = c.recorder.Record(*migrations[k]);
    if (!recorded) return fail(FromError("record", recorded.error(), 0));
  }
  failed_index = migrations.size() - 1;
  auto committed = conn.Exec("COMMIT");
  if (!committed) {
    Failure f = FromSql(0, std::move(committed).error(), 0);
    f.phase = "commit";
    return fail(std::move(f));
  }
  if (committed->CommandTag() != "COMMIT") {
    return fail(FromError("commit", MakeError(ExitCode::kMigrationFailed,
                                              "COMMIT answered " + committed->CommandTag() + ": rolled back"),
                          0));
  }
  return std::nullopt;
}

void Started(ApplyContext& c, const Migration& m) {
  c.sink.Emit(Event("migration_started").Add("tag", m.tag).Add("statements", m.statements.size())
                  .Add("transaction", TransactionLabel(m, c.options.tx_mode)));
}

void Applied(ApplyContext& c, const Migration& m, SteadyClock::time_point started, int attempts) {
  c.sink.Emit(Event("migration_applied").Add("tag", m.tag).Add("duration_ms", MillisSince(started))
                  .Add("statements", m.statements.size()).Add("attempts", attempts));
}

Status Sleep(milliseconds delay, const Migration& m) {
  db::InterruptibleSleep(delay);
  if (db::Interrupted()) {
    return MakeError(ExitCode::kInterrupted, "interrupted while waiting to retry migration " + m.tag);
  }
  return Ok();
}

// Runs `migrations` in one transaction, the whole of it tried again while a
// failure may pass on retry; emits migration_applied for each once committed.
// `reported` is set when a final failure was reported (migration_failed), as
// opposed to an interruption while waiting to retry.
Status TransactionWithRetries(ApplyContext& c, const std::vector<const Migration*>& migrations,
                              bool& reported) {
  const auto started = SteadyClock::now();
  for (int attempts = 1;; ++attempts) {
    size_t failed_index = 0;
    auto failure = TryTransaction(c, migrations, failed_index);
    if (!failure) {
      for (const auto* m : migrations) Applied(c, *m, started, attempts);
      return Ok();
    }
    const Migration& m = *migrations[failed_index];
    auto delay = RetryDelay(c, m, *failure, attempts, started, /*resumes=*/false);
    if (!delay) {
      reported = true;
      return Report(c, m, started, *failure, attempts);
    }
    KM_TRY_STATUS(Sleep(*delay, m));
  }
}

Status ApplyInTransaction(ApplyContext& c, const Migration& m) {
  bool reported = false;
  return TransactionWithRetries(c, {&m}, reported);
}

// Drops what an earlier failed or killed build of this index left behind.
std::optional<Failure> DropInvalidIndex(ApplyContext& c, const Migration& m, size_t number,
                                        const migrations::ConcurrentIndexBuild& build, size_t committed) {
  auto found = db::FindInvalidIndex(c.session.connection(), build.index, build.table);
  if (!found) return FromError("statement", found.error(), committed);
  if (!*found) return std::nullopt;
  auto dropped = c.statements.Run(m.tag, number, "DROP INDEX CONCURRENTLY IF EXISTS " + **found);
  if (!dropped) return FromSql(number, std::move(dropped).error(), committed);
  c.sink.Emit(Event("invalid_index_dropped", "warn").Add("tag", m.tag).Add("statement", number)
                  .Add("index", **found));
  return std::nullopt;
}

// One statement of a migration that runs outside a transaction: it commits
// by itself, so it must not leave one open either.
std::optional<Failure> TryStatement(ApplyContext& c, const Migration& m, size_t i, bool user_lock_timeout,
                                    SteadyClock::time_point started) {
  db::Connection& conn = c.session.connection();
  if (db::Interrupted()) return Interruption(i + 1, i);
  if (Status held = c.session.VerifyLockHeld(); !held) return FromError("lock", held.error(), i);
  const std::string& sql = m.statements[i];
  auto build = migrations::ParseConcurrentIndexBuild(sql);
  const bool guard = c.options.ddl_lock_timeout.count() > 0 && !user_lock_timeout;
  if (build) {
    // A concurrent build waits for older transactions by design: give it the
    // rest of the retry budget rather than the short DDL timeout.
    if (guard) {
      auto left = std::max<int64_t>(1'000, c.options.retry_budget.count() - MillisSince(started));
      (void)conn.Exec("SET lock_timeout = " + Interval(milliseconds(left)));
    }
    if (auto failure = DropInvalidIndex(c, m, i + 1, *build, i)) return failure;
  }
  auto ran = c.statements.Run(m.tag, i + 1, sql);
  if (build && guard) (void)conn.Exec("SET lock_timeout = " + Interval(c.options.ddl_lock_timeout));
  if (!ran) {
    if (conn.InTransaction()) (void)conn.Exec("ROLLBACK");
    return FromSql(i + 1, std::move(ran).error(), i);
  }
  if (conn.InTransaction()) {
    (void)conn.Exec("ROLLBACK");
    Failure f = FromError("transaction",
                          MakeError(ExitCode::kMigrationFailed,
                                    "statement " + std::to_string(i + 1) +
                                        " opened a transaction it did not close (BEGIN in a migration "
                                        "that runs outside one): rolled back what followed the BEGIN"),
                          i);
    f.statement = i + 1;
    return f;
  }
  return std::nullopt;
}

Status ApplyStatementByStatement(ApplyContext& c, const Migration& m) {
  const auto started = SteadyClock::now();
  db::Connection& conn = c.session.connection();
  if (std::string guard = GuardSql(c.options, /*local=*/false); !guard.empty()) {
    if (auto set = conn.Exec(guard); !set) return set.error().ToError().Wrap("migration " + m.tag);
  }
  bool user_lock_timeout = false;
  int attempts = 1;
  for (size_t i = 0; i < m.statements.size();) {
    if (migrations::SetsLockTimeout(m.statements[i])) user_lock_timeout = true;
    auto failure = TryStatement(c, m, i, user_lock_timeout, started);
    if (!failure) {
      ++i;
      continue;
    }
    auto delay = RetryDelay(c, m, *failure, attempts, started, /*resumes=*/true);
    if (!delay) return Report(c, m, started, *failure, attempts);
    ++attempts;
    KM_TRY_STATUS(Sleep(*delay, m));
  }
  if (Status held = c.session.VerifyLockHeld(); !held) {
    return Report(c, m, started, FromError("lock", held.error(), m.statements.size()), attempts);
  }
  if (Status recorded = c.recorder.Record(m); !recorded) {
    return Report(c, m, started, FromError("record", recorded.error(), m.statements.size()), attempts);
  }
  Applied(c, m, started, attempts);
  return Ok();
}

}  // namespace

Status ApplyMigration(ApplyContext& c, const Migration& m) {
  Started(c, m);
  Status status = m.no_transaction_reason.empty() ? ApplyInTransaction(c, m) : ApplyStatementByStatement(c, m);
  if (!status) return status;
  // Whatever the migration SET (search_path, role, timeouts) ends with it.
  return db::ResetSession(c.session.connection());
}

Status ApplyBatch(ApplyContext& c, const std::vector<const migrations::MigrationStatus*>& selected,
                  int64_t& applied) {
  std::vector<const Migration*> migrations;
  for (const auto* status : selected) migrations.push_back(status->migration);
  for (const auto* m : migrations) Started(c, *m);
  bool reported = false;
  Status status = TransactionWithRetries(c, migrations, reported);
  if (status) {
    applied = static_cast<int64_t>(migrations.size());
  } else if (reported) {
    c.sink.Emit(Event("batch_rolled_back", "error").Add("migrations", migrations.size()));
  }
  return status;
}

}  // namespace km::runner
