#pragma once

#include <cstdint>
#include <vector>

#include "db/history_table.h"
#include "migrations/migration_set.h"
#include "migrations/reconcile.h"
#include "runner/events.h"
#include "runner/options.h"
#include "runner/session.h"
#include "runner/statement_runner.h"
#include "util/result.h"

namespace km::runner {

// What applying migrations needs: the locked session, its statement runner,
// drizzle's history INSERT, the options and where events go.
struct ApplyContext {
  LockedSession& session;
  StatementRunner& statements;
  db::HistoryRecorder& recorder;
  const RunnerOptions& options;
  EventSink& sink;
};

// Applies one migration and records it: in its own transaction with a short
// lock_timeout, the whole transaction retried (backoff, jitter, within the
// retry budget) when it loses a lock wait, deadlocks or fails to serialize;
// or, when it cannot run in a transaction, statement by statement, a failed
// statement retried from where it failed (never one that committed).
// Emits migration_started / migration_retry / migration_failed /
// migration_applied. Afterwards the session is reset for the next migration.
Status ApplyMigration(ApplyContext& context, const migrations::Migration& migration);

// Every selected migration in one transaction, as drizzle-orm does; the
// whole batch retried like a single migration. "migration_applied" events
// come only after the COMMIT succeeded. `applied` is set on success.
Status ApplyBatch(ApplyContext& context, const std::vector<const migrations::MigrationStatus*>& selected,
                  int64_t& applied);

}  // namespace km::runner
