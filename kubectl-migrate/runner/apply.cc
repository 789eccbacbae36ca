#include "runner/apply.h"

#include "db/history_table.h"
#include "db/interrupt.h"
#include "migrations/migration_set.h"
#include "runner/selection.h"
#include "runner/session.h"
#include "util/clock.h"

namespace km::runner {
namespace {

using migrations::Migration;
using migrations::MigrationStatus;

struct Summary {
  int64_t applied = 0;
  int64_t failed = 0;
  int64_t pending = 0;
  std::string schema_version;
  std::string schema_hash;
};

// Runs the statements of one migration. On failure emits "migration_failed"
// (with SQLSTATE, statement number and position) and returns the error.
Status RunStatements(db::Connection& conn, const Migration& m, bool transactional,
                     SteadyClock::time_point started, EventSink& sink) {
  const size_t total = m.statements.size();
  for (size_t i = 0; i < total; ++i) {
    std::optional<db::SqlError> failure;
    if (db::Interrupted()) {
      failure = db::SqlError();
      failure->sqlstate = "57014";
      failure->message = "interrupted by signal " + std::to_string(db::InterruptSignal());
    } else if (auto result = conn.Exec(m.statements[i]); !result) {
      failure = std::move(result).error();
    }
    if (!failure) continue;
    Error error = failure->ToError();
    if (db::Interrupted()) error.code = ExitCode::kInterrupted;
    Event event("migration_failed", "error");
    event.Add("tag", m.tag).Add("duration_ms", MillisSince(started)).Add("statement", i + 1)
        .Add("statements", total).Add("sqlstate", failure->sqlstate).Add("message", failure->message)
        .Add("position", failure->position).Add("error", failure->Describe())
        .Add("committed_statements", transactional ? size_t{0} : i);
    if (!failure->detail.empty()) event.Add("detail", failure->detail);
    if (!failure->hint.empty()) event.Add("hint", failure->hint);
    sink.Emit(event);
    return error.Wrap("migration " + m.tag + " failed at statement " + std::to_string(i + 1) +
                      " of " + std::to_string(total));
  }
  return Ok();
}

Status Record(db::HistoryRecorder& recorder, const Migration& m) {
  Status recorded = recorder.Record(m.hash, m.when);
  if (!recorded) return std::move(recorded).error().Wrap("migration " + m.tag);
  return Ok();
}

Status Simple(db::Connection& conn, const char* sql) {
  auto result = conn.Exec(sql);
  if (!result) return result.error().ToError().Wrap(sql);
  return Ok();
}

void Started(const Migration& m, const RunnerOptions& options, EventSink& sink) {
  sink.Emit(Event("migration_started").Add("tag", m.tag).Add("statements", m.statements.size())
                .Add("transaction", TransactionLabel(m, options.tx_mode)));
}

void Applied(const Migration& m, SteadyClock::time_point started, EventSink& sink) {
  sink.Emit(Event("migration_applied").Add("tag", m.tag).Add("duration_ms", MillisSince(started))
                .Add("statements", m.statements.size()));
}

// One migration, in its own transaction or (when it cannot run in one)
// statement by statement in autocommit.
Status ApplyOne(db::Connection& conn, db::HistoryRecorder& recorder, const Migration& m,
                const RunnerOptions& options, EventSink& sink) {
  const auto started = SteadyClock::now();
  Started(m, options, sink);
  if (!m.no_transaction_reason.empty()) {
    KM_TRY_STATUS(RunStatements(conn, m, /*transactional=*/false, started, sink));
    KM_TRY_STATUS(Record(recorder, m));
  } else {
    KM_TRY_STATUS(Simple(conn, "BEGIN"));
    Status status = RunStatements(conn, m, /*transactional=*/true, started, sink);
    if (status) status = Record(recorder, m);
    if (status) status = Simple(conn, "COMMIT");
    if (!status) {
      (void)conn.Exec("ROLLBACK");
      return status;
    }
  }
  Applied(m, started, sink);
  return Ok();
}

// Every selected migration in one transaction, as drizzle-orm does.
Status ApplyBatch(db::Connection& conn, db::HistoryRecorder& recorder,
                  const std::vector<const MigrationStatus*>& selected, const RunnerOptions& options,
                  EventSink& sink, Summary& summary) {
  KM_TRY_STATUS(Simple(conn, "BEGIN"));
  for (const auto* status : selected) {
    const auto started = SteadyClock::now();
    Started(*status->migration, options, sink);
    Status ran = RunStatements(conn, *status->migration, true, started, sink);
    if (ran) ran = Record(recorder, *status->migration);
    if (!ran) {
      (void)conn.Exec("ROLLBACK");
      summary.failed = 1;
      sink.Emit(Event("batch_rolled_back", "error").Add("migrations", selected.size()));
      return ran;
    }
    Applied(*status->migration, started, sink);
  }
  KM_TRY_STATUS(Simple(conn, "COMMIT"));
  summary.applied = static_cast<int64_t>(selected.size());
  return Ok();
}

// The schema version and what is still pending, for the summary.
void Summarize(const migrations::Reconciliation& rec, Summary& summary) {
  summary.pending = static_cast<int64_t>(rec.Count(migrations::MigrationState::kPending) +
                                         rec.Count(migrations::MigrationState::kOutOfOrder));
  if (const auto* version = rec.SchemaVersion()) {
    summary.schema_version = version->migration->tag;
    summary.schema_hash = version->row->hash;
  }
}

// Re-reads the table after migrations ran, for the summary.
void Measure(db::Connection& conn, const migrations::MigrationSet& set, const RunnerOptions& options,
             Summary& summary) {
  auto rows = db::ReadHistory(conn, options.table);
  if (rows) Summarize(migrations::Reconcile(set.migrations, *rows), summary);
}

Status ApplyLocked(const RunnerOptions& options, EventSink& sink, Summary& summary) {
  KM_TRY_ASSIGN(auto set, migrations::LoadMigrationSet(options.dir));
  summary.pending = static_cast<int64_t>(set.migrations.size());
  KM_TRY_ASSIGN(auto session, LockedSession::Open(options, sink));
  db::Connection& conn = session.connection();
  db::ScopedCancel cancel_on_signal(conn);
  KM_TRY_STATUS(db::EnsureHistoryTable(conn, options.table));
  KM_TRY_ASSIGN(auto rows, db::ReadHistory(conn, options.table));
  auto rec = migrations::Reconcile(set.migrations, rows);
  Summarize(rec, summary);
  KM_TRY_ASSIGN(auto selected, SelectMigrations(rec, options, sink));
  KM_TRY_ASSIGN(auto recorder, db::HistoryRecorder::Prepare(conn, options.table));

  Status status;
  if (options.tx_mode == TxMode::kAll && !selected.empty()) {
    status = ApplyBatch(conn, recorder, selected, options, sink, summary);
  } else {
    for (const auto* item : selected) {
      if (db::Interrupted()) {
        status = MakeError(ExitCode::kInterrupted, "interrupted before applying " + item->migration->tag);
        break;
      }
      status = ApplyOne(conn, recorder, *item->migration, options, sink);
      if (!status) {
        summary.failed = 1;
        break;
      }
      ++summary.applied;
    }
  }
  if (!selected.empty()) Measure(conn, set, options, summary);
  return status;
}

}  // namespace

Status Apply(const RunnerOptions& options, EventSink& sink) {
  const auto start = SteadyClock::now();
  Summary summary;
  Status status = ApplyLocked(options, sink, summary);
  const int64_t duration = MillisSince(start);
  const bool alert = duration > options.alert_threshold.count();
  if (alert) {
    sink.Emit(Event("alert", "warn").Add("duration_ms", duration)
                  .Add("threshold_ms", static_cast<int64_t>(options.alert_threshold.count())));
  }
  Event event("summary", status ? "info" : "error");
  event.Add("success", status.ok()).Add("duration_ms", duration).Add("applied", summary.applied)
      .Add("failed", summary.failed).Add("pending", summary.pending)
      .Add("schema_version", summary.schema_version).Add("schema_hash", summary.schema_hash)
      .Add("alert", alert).Add("table", options.table.Display());
  if (!status) {
    event.Add("error", status.error().message).Add("exit_code", ToInt(status.error().code));
  }
  sink.Emit(event);
  return status;
}

}  // namespace km::runner
