#include "runner/apply.h"

#include "db/history_table.h"
#include "db/interrupt.h"
#include "migrations/migration_set.h"
#include "runner/migration_runner.h"
#include "runner/selection.h"
#include "runner/session.h"
#include "runner/statement_runner.h"
#include "util/clock.h"

namespace km::runner {
namespace {

struct Summary {
  int64_t applied = 0;
  int64_t failed = 0;
  int64_t pending = 0;
  std::string schema_version;
  std::string schema_hash;
  LockStats locks;
};

// Errors before any migration runs (creating or reading the history table)
// are about the database's set-up, e.g. a role without CREATE: nothing ran,
// and running again will not help.
Status Setup(Status status) {
  if (!status && status.error().code == ExitCode::kMigrationFailed) {
    Error error = status.error();
    error.code = ExitCode::kUsage;
    return error.Wrap("nothing was run");
  }
  return status;
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
  KM_TRY_STATUS(Setup(db::EnsureHistoryTable(conn, options.table,
                                              set.layout == migrations::Layout::kFolders)));
  auto rows = db::ReadHistory(conn, options.table);
  if (!rows) return Setup(std::move(rows).error());
  auto rec = migrations::Reconcile(set.migrations, *rows);
  Summarize(rec, summary);
  KM_TRY_ASSIGN(auto selected, SelectMigrations(rec, options, sink));
  if (options.upgrade_history_table) {
    KM_TRY_STATUS(Setup(UpgradeHistoryTable(conn, options, rec, sink)));
  }
  KM_TRY_ASSIGN(auto recorder, db::HistoryRecorder::Prepare(conn, options.table));

  StatementRunner statements(session, options, sink);
  ApplyContext context{session, statements, recorder, options, sink};
  Status status;
  if (options.tx_mode == TxMode::kAll && !selected.empty()) {
    status = ApplyBatch(context, selected, summary.applied);
    if (!status) summary.failed = 1;
  } else {
    for (const auto* item : selected) {
      if (db::Interrupted()) {
        status = MakeError(ExitCode::kInterrupted, "interrupted before applying " + item->migration->tag);
        break;
      }
      status = ApplyMigration(context, *item->migration);
      if (!status) {
        summary.failed = 1;
        break;
      }
      ++summary.applied;
    }
  }
  summary.locks = statements.stats();
  if (!selected.empty()) Measure(conn, set, options, summary);
  Status released = session.Release();
  if (status && !released) return released;
  return status;
}

}  // namespace

Status UpgradeHistoryTable(db::Connection& conn, const RunnerOptions& options,
                           const migrations::Reconciliation& rec, EventSink& sink) {
  KM_TRY_ASSIGN(auto shape, db::ReadHistoryShape(conn, options.table));
  if (shape.has_name && shape.has_applied_at) return Ok();
  KM_TRY_STATUS(db::UpgradeHistoryTable(conn, options.table, rec));
  size_t named = 0;
  for (const auto& status : rec.statuses) named += status.row && !status.row->name;
  sink.Emit(Event("history_table_upgraded").Add("table", options.table.Display()).Add("named_rows", named)
                .Add("message", "added drizzle-orm v1's name and applied_at columns to " +
                                    options.table.Display() + " and named " + std::to_string(named) +
                                    " row(s), as drizzle-orm v1's migrator would"));
  return Ok();
}

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
      .Add("alert", alert).Add("table", options.table.Display())
      .Add("retries", summary.locks.retries).Add("blocked_ms", summary.locks.blocked_ms);
  if (!status) {
    event.Add("error", status.error().message).Add("exit_code", ToInt(status.error().code));
  }
  sink.Emit(event);
  return status;
}

}  // namespace km::runner
