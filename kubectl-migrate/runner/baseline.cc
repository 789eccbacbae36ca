#include "db/history_table.h"
#include "migrations/migration_set.h"
#include "runner/apply.h"
#include "runner/session.h"

namespace km::runner {
namespace {

using migrations::MigrationState;

// The table may only gain rows for migrations up to the target: anything
// drifted, unknown, or applied beyond the target means the database is not
// what the caller believes.
Status CheckAgreement(const migrations::Reconciliation& rec, size_t target,
                      const RunnerOptions& options) {
  for (size_t i = 0; i < rec.statuses.size(); ++i) {
    const auto& status = rec.statuses[i];
    if (status.state == MigrationState::kDrifted) {
      return MakeError(ExitCode::kValidation, "refusing to baseline: " + status.migration->tag +
                                                  " is recorded with another hash (drift)");
    }
    if (i > target && status.state == MigrationState::kApplied) {
      return MakeError(ExitCode::kValidation,
                       "refusing to baseline: " + status.migration->tag +
                           " is already applied and comes after " + rec.statuses[target].migration->tag);
    }
  }
  if (!rec.ambiguities.empty()) {
    return MakeError(ExitCode::kValidation, "refusing to baseline: " + rec.ambiguities[0].Describe());
  }
  if (!rec.unknown_rows.empty()) {
    return MakeError(ExitCode::kValidation,
                     "refusing to baseline: " + options.table.Display() + " has " +
                         std::to_string(rec.unknown_rows.size()) + " row(s) matching no migration in " +
                         options.dir);
  }
  return Ok();
}

}  // namespace

Status Baseline(const RunnerOptions& options, const std::string& to_tag, EventSink& sink) {
  KM_TRY_ASSIGN(auto set, migrations::LoadMigrationSet(options.dir));
  size_t target = set.migrations.size();
  for (size_t i = 0; i < set.migrations.size(); ++i) {
    if (set.migrations[i].tag == to_tag) target = i;
  }
  if (target == set.migrations.size()) {
    return MakeError(ExitCode::kValidation, "--to " + to_tag + ": no such migration in " + set.Source());
  }
  KM_TRY_ASSIGN(auto session, LockedSession::Open(options, sink));
  db::Connection& conn = session.connection();
  KM_TRY_STATUS(db::EnsureHistoryTable(conn, options.table, set.layout == migrations::Layout::kFolders));
  KM_TRY_ASSIGN(auto rows, db::ReadHistory(conn, options.table));
  auto rec = migrations::Reconcile(set.migrations, rows);
  KM_TRY_STATUS(CheckAgreement(rec, target, options));
  if (options.upgrade_history_table) KM_TRY_STATUS(UpgradeHistoryTable(conn, options, rec, sink));

  KM_TRY_ASSIGN(auto recorder, db::HistoryRecorder::Prepare(conn, options.table));
  auto begin = conn.Exec("BEGIN");
  if (!begin) return begin.error().ToError().Wrap("baseline");
  std::vector<std::string> recorded;
  for (size_t i = 0; i <= target; ++i) {
    const auto& status = rec.statuses[i];
    if (status.state == MigrationState::kApplied) continue;
    const auto& m = *status.migration;
    Status inserted = recorder.Record(m);
    if (!inserted) {
      (void)conn.Exec("ROLLBACK");
      return std::move(inserted).error().Wrap("baseline: migration " + m.tag);
    }
    recorded.push_back(m.tag);
  }
  auto commit = conn.Exec("COMMIT");
  if (!commit) return commit.error().ToError().Wrap("baseline: commit");
  for (const auto& tag : recorded) sink.Emit(Event("baseline_recorded").Add("tag", tag));
  sink.Emit(Event("summary").Add("success", true).Add("baselined", recorded.size())
                .Add("schema_version", to_tag).Add("table", options.table.Display()));
  return Ok();
}

}  // namespace km::runner
