#include "migrations/reconcile.h"

namespace km::migrations {

const char* StateName(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied: return "applied";
    case MigrationState::kPending: return "pending";
    case MigrationState::kOutOfOrder: return "out-of-order";
    case MigrationState::kDrifted: return "drifted";
  }
  return "unknown";
}

size_t Reconciliation::Count(MigrationState state) const {
  size_t n = 0;
  for (const auto& status : statuses) n += status.state == state;
  return n;
}

const MigrationStatus* Reconciliation::SchemaVersion() const {
  const MigrationStatus* latest = nullptr;
  for (const auto& status : statuses) {
    if (status.state != MigrationState::kApplied && status.state != MigrationState::kDrifted) continue;
    if (latest == nullptr || status.migration->when >= latest->migration->when) latest = &status;
  }
  return latest;
}

Reconciliation Reconcile(const std::vector<Migration>& migrations,
                         const std::vector<AppliedRow>& rows) {
  Reconciliation result;
  std::vector<bool> used(rows.size(), false);
  for (const auto& row : rows) {
    if (row.created_at && (!result.newest_row || *row.created_at > *result.newest_row->created_at)) {
      result.newest_row = row;
    }
  }
  auto claim = [&](auto&& matches) -> std::optional<AppliedRow> {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!used[i] && matches(rows[i])) {
        used[i] = true;
        return rows[i];
      }
    }
    return std::nullopt;
  };

  result.statuses.resize(migrations.size());
  // Exact matches first, so an edited file cannot steal another one's row.
  for (size_t m = 0; m < migrations.size(); ++m) {
    const Migration& migration = migrations[m];
    result.statuses[m].migration = &migration;
    result.statuses[m].row = claim([&](const AppliedRow& row) {
      return row.created_at == migration.when && row.hash == migration.hash;
    });
    if (result.statuses[m].row) result.statuses[m].state = MigrationState::kApplied;
  }
  for (size_t m = 0; m < migrations.size(); ++m) {
    MigrationStatus& status = result.statuses[m];
    if (status.row) continue;
    const Migration& migration = migrations[m];
    if ((status.row = claim([&](const AppliedRow& row) { return row.created_at == migration.when; }))) {
      status.state = MigrationState::kDrifted;
    } else if ((status.row = claim([&](const AppliedRow& row) { return row.hash == migration.hash; }))) {
      status.state = MigrationState::kApplied;
    } else if (result.newest_row && migration.when <= *result.newest_row->created_at) {
      status.state = MigrationState::kOutOfOrder;
    } else {
      status.state = MigrationState::kPending;
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!used[i]) result.unknown_rows.push_back(rows[i]);
  }
  return result;
}

}  // namespace km::migrations
