#include "db/history_table.h"
#include "lint/locks.h"
#include "migrations/migration_set.h"
#include "runner/apply.h"
#include "runner/selection.h"

namespace km::runner {

Status Plan(const RunnerOptions& options, EventSink& sink) {
  KM_TRY_ASSIGN(auto set, migrations::LoadMigrationSet(options.dir));
  KM_TRY_ASSIGN(auto conn, db::Connection::Open(options.database_url, kApplicationName));
  KM_TRY_ASSIGN(auto rows, db::ReadHistory(conn, options.table));
  auto rec = migrations::Reconcile(set.migrations, rows);
  KM_TRY_ASSIGN(auto selected, SelectMigrations(rec, options, sink));
  int64_t statements = 0;
  for (const auto* status : selected) {
    const auto& m = *status->migration;
    sink.Emit(Event("plan_migration").Add("tag", m.tag)
                  .Add("state", migrations::StateName(status->state))
                  .Add("transaction", TransactionLabel(m, options.tx_mode))
                  .Add("statements", m.statements.size()).Add("reason", m.no_transaction_reason)
                  .Add("hash", m.hash));
    for (size_t i = 0; i < m.statements.size(); ++i) {
      sink.Emit(Event("plan_statement").Add("tag", m.tag).Add("statement", i + 1)
                    .Add("sql", m.statements[i]).Add("lock", lint::LockSummary(m.statements[i])));
    }
    statements += static_cast<int64_t>(m.statements.size());
  }
  sink.Emit(Event("plan_summary").Add("pending", selected.size()).Add("statements", statements)
                .Add("applied", rec.Count(migrations::MigrationState::kApplied))
                .Add("table", options.table.Display()));
  return Ok();
}

}  // namespace km::runner
