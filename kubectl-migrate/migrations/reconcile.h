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
  // drizzle-orm v1's `name` column (the folder name); absent in a 0.x table,
  // null for rows written before the table was upgraded.
  std::optional<std::string> name;

  bool operator==(const AppliedRow&) const = default;
};

enum class MigrationState {
  kApplied,     // a row with this migration's when and hash
  kPending,     // newer than every row: drizzle-orm would apply it too
  kOutOfOrder,  // not applied, yet older than the newest row: drizzle-orm skips it silently
  kDrifted,     // a row with this migration's when, but the file's hash differs
  kAmbiguous,   // shares its when with another unmatched migration, and a row with that
                // when matches neither hash: which one was applied (and edited) is unknown
};

const char* StateName(MigrationState state);

struct MigrationStatus {
  const Migration* migration = nullptr;
  MigrationState state = MigrationState::kPending;
  std::optional<AppliedRow> row;  // applied and drifted ones
};

// Several migrations with one `when` and rows with that created_at that match
// none of their hashes: one of them was applied and its file edited since,
// but the table (hash, created_at) cannot tell which. Never guessed.
struct Ambiguity {
  int64_t when = 0;
  std::vector<const Migration*> migrations;  // journal order, at least two
  std::vector<AppliedRow> rows;              // the rows with that created_at
  // One line for an error event: what is ambiguous and how to resolve it.
  std::string Describe() const;
};

// How the folder and the database relate.
struct Reconciliation {
  std::vector<MigrationStatus> statuses;  // journal order
  std::vector<AppliedRow> unknown_rows;   // rows that match no migration in the folder
  // Their migrations are kAmbiguous; their rows match no migration, so they
  // are in unknown_rows as well.
  std::vector<Ambiguity> ambiguities;
  std::optional<AppliedRow> newest_row;   // highest created_at

  size_t Count(MigrationState state) const;
  // The most recently applied migration of the folder (by when), if any.
  const MigrationStatus* SchemaVersion() const;
};

// Matches rows to migrations. For migration folders (v1 layout) a row with a
// name is matched by name only, as drizzle-orm v1 does: the folder of that
// name is applied (same hash) or drifted (another hash); a name no folder has
// is an unknown row. Rows without a name (a 0.x table, or rows from before
// drizzle-orm v1 upgraded it), and every row for the journal layout, are
// matched as follows, comparing created_at truncated to whole seconds for
// folders (as drizzle-orm v1's upgrade does: `drizzle-kit up` drops the ms of
// `when`). A row with the same when and hash is that
// migration, applied; a row with the same when but another hash means the
// file was edited after it was applied (drift); failing both, a row with the
// same hash. Unmatched migrations newer than the newest row are pending,
// older ones out-of-order. A row with a when shared by several unmatched
// migrations is drift only for the one whose hash matches no other row;
// when that does not single one out, they are all kAmbiguous.
Reconciliation Reconcile(const std::vector<Migration>& migrations,
                         const std::vector<AppliedRow>& rows);

}  // namespace km::migrations
