#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrations/migration_set.h"

namespace km::migrations {

// A row of drizzle's history table.
struct AppliedRow {
  int64_t id = 0;
  std::string hash;
  std::optional<int64_t> created_at;  // journal "when" of the migration
};

enum class MigrationState {
  kApplied,     // a row with this migration's when and hash
  kPending,     // newer than every row: drizzle-orm would apply it too
  kOutOfOrder,  // not applied, yet older than the newest row: drizzle-orm skips it silently
  kDrifted,     // a row with this migration's when, but the file's hash differs
};

const char* StateName(MigrationState state);

struct MigrationStatus {
  const Migration* migration = nullptr;
  MigrationState state = MigrationState::kPending;
  std::optional<AppliedRow> row;  // applied and drifted ones
};

// How the folder and the database relate.
struct Reconciliation {
  std::vector<MigrationStatus> statuses;  // journal order
  std::vector<AppliedRow> unknown_rows;   // rows that match no migration in the folder
  std::optional<AppliedRow> newest_row;   // highest created_at

  size_t Count(MigrationState state) const;
  // The most recently applied migration of the folder (by when), if any.
  const MigrationStatus* SchemaVersion() const;
};

// Matches rows to migrations: a row with the same when and hash is that
// migration, applied; a row with the same when but another hash means the
// file was edited after it was applied (drift); failing both, a row with the
// same hash. Unmatched migrations newer than the newest row are pending,
// older ones out-of-order.
Reconciliation Reconcile(const std::vector<Migration>& migrations,
                         const std::vector<AppliedRow>& rows);

}  // namespace km::migrations
