#include "migrations/reconcile.h"

#include <set>

#include "migrations/folder_name.h"

namespace km::migrations {

const char* StateName(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied: return "applied";
    case MigrationState::kPending: return "pending";
    case MigrationState::kOutOfOrder: return "out-of-order";
    case MigrationState::kDrifted: return "drifted";
    case MigrationState::kAmbiguous: return "ambiguous";
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

std::string Ambiguity::Describe() const {
  std::string tags;
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (i > 0) tags += i + 1 == migrations.size() ? " and " : ", ";
    tags += migrations[i]->tag;
  }
  std::string ids;
  for (const auto& row : rows) ids += (ids.empty() ? "" : ", ") + std::to_string(row.id);
  return "migrations " + tags + " share when " + std::to_string(when) + ", and the row" +
         (rows.size() > 1 ? "s" : "") + " with created_at " + std::to_string(when) + " (row id " + ids +
         ") match" + (rows.size() > 1 ? "" : "es") +
         " none of their hashes: one of them was applied and its file edited since, and the table "
         "cannot tell which. Restore the applied file from version control (the row's hash is its "
         "sha256); then the other one shows as not applied";
}

Reconciliation Reconcile(const std::vector<Migration>& migrations,
                         const std::vector<AppliedRow>& rows) {
  Reconciliation result;
  std::vector<bool> used(rows.size(), false);
  std::vector<bool> contested(rows.size(), false);  // an Ambiguity's rows: nobody claims them
  for (const auto& row : rows) {
    if (row.created_at && (!result.newest_row || *row.created_at > *result.newest_row->created_at)) {
      result.newest_row = row;
    }
  }
  auto claim = [&](auto&& matches) -> std::optional<AppliedRow> {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!used[i] && !contested[i] && matches(rows[i])) {
        used[i] = true;
        return rows[i];
      }
    }
    return std::nullopt;
  };

  result.statuses.resize(migrations.size());
  for (size_t m = 0; m < migrations.size(); ++m) result.statuses[m].migration = &migrations[m];
  // v1 folders: a named row is its folder's, and nobody else's.
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].name) continue;
    for (size_t m = 0; m < migrations.size(); ++m) {
      const Migration& migration = migrations[m];
      if (migration.layout != Layout::kFolders || result.statuses[m].row ||
          migration.tag != *rows[i].name) {
        continue;
      }
      used[i] = true;
      result.statuses[m].row = rows[i];
      result.statuses[m].state =
          rows[i].hash == migration.hash ? MigrationState::kApplied : MigrationState::kDrifted;
      break;
    }
    // A name no folder has: unknown (drizzle-orm v1 ignores it; we refuse).
    if (!used[i] && !migrations.empty() && migrations[0].layout == Layout::kFolders) contested[i] = true;
  }
  // created_at as drizzle compares it for this migration's layout.
  auto same_when = [](const AppliedRow& row, const Migration& migration) {
    if (!row.created_at) return false;
    if (migration.layout == Layout::kFolders) return TruncateToSeconds(*row.created_at) == migration.when;
    return *row.created_at == migration.when;
  };
  // Exact matches first, so an edited file cannot steal another one's row.
  for (size_t m = 0; m < migrations.size(); ++m) {
    const Migration& migration = migrations[m];
    if (result.statuses[m].row) continue;
    result.statuses[m].row = claim([&](const AppliedRow& row) {
      return same_when(row, migration) && row.hash == migration.hash;
    });
    if (result.statuses[m].row) result.statuses[m].state = MigrationState::kApplied;
  }
  // Drift: an unclaimed row with the migration's when. When several unmatched
  // migrations share that when, one whose hash matches an unclaimed row with
  // another when is that row's (it is claimed below); if that leaves more
  // than one, the row could be any of theirs: report it, do not guess.
  auto hash_matches_elsewhere = [&](const Migration& migration) {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!used[i] && !contested[i] && rows[i].hash == migration.hash && !same_when(rows[i], migration)) {
        return true;
      }
    }
    return false;
  };
  std::set<int64_t> whens_done;
  for (size_t m = 0; m < migrations.size(); ++m) {
    const int64_t when = migrations[m].when;
    if (result.statuses[m].row || !whens_done.insert(when).second) continue;
    std::vector<size_t> candidates;
    for (size_t k = m; k < migrations.size(); ++k) {
      if (!result.statuses[k].row && migrations[k].when == when && !hash_matches_elsewhere(migrations[k])) {
        candidates.push_back(k);
      }
    }
    std::vector<size_t> rows_at_when;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!used[i] && !contested[i] && same_when(rows[i], migrations[m])) rows_at_when.push_back(i);
    }
    if (candidates.empty() || rows_at_when.empty()) continue;
    if (candidates.size() == 1) {
      used[rows_at_when[0]] = true;
      result.statuses[candidates[0]].row = rows[rows_at_when[0]];
      result.statuses[candidates[0]].state = MigrationState::kDrifted;
      continue;
    }
    Ambiguity ambiguity;
    ambiguity.when = when;
    for (size_t k : candidates) {
      result.statuses[k].state = MigrationState::kAmbiguous;
      ambiguity.migrations.push_back(&migrations[k]);
    }
    // The rows stay unclaimed: they match no migration and end in
    // unknown_rows too, which every caller already refuses to run with.
    for (size_t i : rows_at_when) {
      contested[i] = true;
      ambiguity.rows.push_back(rows[i]);
    }
    result.ambiguities.push_back(std::move(ambiguity));
  }
  for (size_t m = 0; m < migrations.size(); ++m) {
    MigrationStatus& status = result.statuses[m];
    if (status.row || status.state == MigrationState::kAmbiguous) continue;
    const Migration& migration = migrations[m];
    if ((status.row = claim([&](const AppliedRow& row) { return row.hash == migration.hash; }))) {
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
