#pragma once

#include <iosfwd>
#include <optional>

#include "db/advisory_lock.h"
#include "migrations/migration_set.h"
#include "migrations/reconcile.h"
#include "runner/options.h"
#include "util/result.h"

namespace km::runner {

// The database's view of the migrations folder: applied / pending / drifted /
// out-of-order per journal entry, rows with no file, and the lock holder.
struct DatabaseStatus {
  migrations::MigrationSet set;
  migrations::Reconciliation reconciliation;  // points into set.migrations
  bool table_exists = false;
  std::string table_shape;  // "absent", "0.x" or "v1" (HistoryShape::Label)
  std::optional<db::LockHolder> lock_holder;
  std::string table;
  std::string database;  // redacted connection string

  DatabaseStatus() = default;
  DatabaseStatus(DatabaseStatus&&) = default;  // vector moves keep element addresses
  DatabaseStatus(const DatabaseStatus&) = delete;
};

// Reads without changing anything (the table is not created).
Result<DatabaseStatus> ReadDatabaseStatus(const RunnerOptions& options);

// A kubectl-style table: TAG  STATE  WHEN  HASH, then unknown rows and the lock.
void PrintDatabaseStatus(const DatabaseStatus& status, std::ostream& out);

// One JSON document (an object) for -o json.
std::string DatabaseStatusJson(const DatabaseStatus& status);

}  // namespace km::runner
