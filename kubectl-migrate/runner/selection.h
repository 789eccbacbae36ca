#pragma once

#include <vector>

#include "migrations/reconcile.h"
#include "runner/events.h"
#include "runner/options.h"
#include "util/result.h"

namespace km::runner {

// Decides what apply would run: every pending migration (and out-of-order
// ones when allowed), in journal order. Refuses with kValidation, after
// emitting one event per problem, when a file drifted, a row has no file, or
// an out-of-order migration is not allowed; or in batch mode, when a
// migration cannot run inside a transaction.
Result<std::vector<const migrations::MigrationStatus*>> SelectMigrations(
    const migrations::Reconciliation& reconciliation, const RunnerOptions& options,
    EventSink& sink);

// "per-migration", "batch" or "none" for one migration under the options.
const char* TransactionLabel(const migrations::Migration& migration, TxMode mode);

}  // namespace km::runner
