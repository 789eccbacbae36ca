#include "runner/selection.h"

#include "util/strings.h"

namespace km::runner {

using migrations::MigrationState;

const char* TransactionLabel(const migrations::Migration& migration, TxMode mode) {
  if (!migration.no_transaction_reason.empty()) return "none";
  return mode == TxMode::kAll ? "batch" : "per-migration";
}

Result<std::vector<const migrations::MigrationStatus*>> SelectMigrations(
    const migrations::Reconciliation& rec, const RunnerOptions& options, EventSink& sink) {
  std::vector<std::string> problems;
  const bool folders =
      !rec.statuses.empty() && rec.statuses[0].migration->layout == migrations::Layout::kFolders;
  const bool apply_out_of_order = AppliesOutOfOrder(options.out_of_order, folders);
  for (const auto& status : rec.statuses) {
    const auto& m = *status.migration;
    if (status.state == MigrationState::kDrifted) {
      std::string message = "migration " + m.tag + " was edited after it was applied: " + m.path +
                            " has sha256 " + m.hash + ", the database recorded " + status.row->hash;
      sink.Emit(Event("drift", "error").Add("tag", m.tag).Add("file_hash", m.hash)
                    .Add("stored_hash", status.row->hash).Add("message", message));
      problems.push_back("drift in " + m.tag);
    } else if (status.state == MigrationState::kOutOfOrder) {
      std::string message = "migration " + m.tag + " (when " + std::to_string(m.when) +
                            ") is older than the newest applied one (created_at " +
                            std::to_string(*rec.newest_row->created_at) + ") but was never applied; ";
      if (apply_out_of_order) {
        message += folders ? "applying it, as drizzle-orm v1 would (it decides by name)"
                           : "applying it (--out-of-order apply)";
      } else {
        message += folders ? "drizzle-orm v1 would apply it. Apply it with --out-of-order apply"
                           : "drizzle-orm would skip it. Apply it with --out-of-order apply";
      }
      sink.Emit(Event("out_of_order", apply_out_of_order ? "warn" : "error").Add("tag", m.tag)
                    .Add("when", m.when).Add("newest_applied_when", *rec.newest_row->created_at)
                    .Add("applied", apply_out_of_order).Add("message", message));
      if (!apply_out_of_order) problems.push_back("out-of-order " + m.tag);
    }
  }
  for (const auto& ambiguity : rec.ambiguities) {
    std::string tags;
    for (const auto* m : ambiguity.migrations) tags += (tags.empty() ? "" : ",") + m->tag;
    sink.Emit(Event("ambiguous", "error").Add("when", ambiguity.when).Add("tags", tags)
                  .Add("message", ambiguity.Describe()));
    problems.push_back("ambiguous when " + std::to_string(ambiguity.when) + " (" + tags + ")");
  }
  auto contested = [&](const migrations::AppliedRow& row) {
    for (const auto& ambiguity : rec.ambiguities) {
      for (const auto& r : ambiguity.rows) {
        if (r.id == row.id) return true;
      }
    }
    return false;
  };
  for (const auto& row : rec.unknown_rows) {
    if (contested(row)) continue;  // reported with its ambiguity
    std::string message = options.table.Display() + " row id " + std::to_string(row.id) +
                          " (hash " + row.hash + ", created_at " +
                          (row.created_at ? std::to_string(*row.created_at) : "null") +
                          ") matches no migration in " + options.dir +
                          "; is this an older checkout of the migrations?";
    sink.Emit(Event("unknown_row", "error").Add("id", row.id).Add("hash", row.hash)
                  .Add("message", message));
    problems.push_back("unknown row id " + std::to_string(row.id));
  }
  if (!problems.empty()) {
    return MakeError(ExitCode::kValidation,
                     "refusing to migrate, nothing was run: " + Join(problems));
  }

  std::vector<const migrations::MigrationStatus*> selected;
  for (const auto& status : rec.statuses) {
    if (status.state == MigrationState::kPending || status.state == MigrationState::kOutOfOrder) {
      selected.push_back(&status);
    }
  }
  if (options.tx_mode == TxMode::kAll) {
    for (const auto* status : selected) {
      const auto& m = *status->migration;
      if (!m.no_transaction_reason.empty()) {
        return MakeError(ExitCode::kValidation,
                         "migration " + m.tag + " cannot run in the batch transaction (" +
                             m.no_transaction_reason + "); use --tx-mode per-migration");
      }
    }
  }
  return selected;
}

}  // namespace km::runner
