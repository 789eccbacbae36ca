#pragma once

#include <string>

#include "db/connection.h"
#include "migrations/reconcile.h"
#include "runner/events.h"
#include "runner/options.h"
#include "util/result.h"

namespace km::runner {

// Applies pending migrations under the advisory lock: validates first (drift,
// out-of-order, unknown rows: nothing runs), then runs each migration in its
// own transaction (or one batch, or statement by statement for migrations
// that cannot run in a transaction) and records it in drizzle's table.
// Emits events as it goes and always a final "summary" event.
Status Apply(const RunnerOptions& options, EventSink& sink);

// What Apply would run, statement by statement; executes nothing and takes
// no lock. Fails like Apply would on validation problems.
Status Plan(const RunnerOptions& options, EventSink& sink);

// Adds drizzle-orm v1's columns to a 0.x history table and names the rows
// `rec` matched (--upgrade-history-table); emits history_table_upgraded.
// Nothing to do on a v1 table.
Status UpgradeHistoryTable(db::Connection& conn, const RunnerOptions& options,
                           const migrations::Reconciliation& rec, EventSink& sink);

// Records every migration up to and including `to_tag` as applied without
// running it (for databases created before migrations were used). Refuses
// when the table already disagrees with the folder.
Status Baseline(const RunnerOptions& options, const std::string& to_tag, EventSink& sink);

}  // namespace km::runner
