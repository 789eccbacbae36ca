#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/project_defaults.h"
#include "db/interrupt.h"
#include "runner/apply.h"

namespace km::cli {

namespace {

// The advisory-lock wait was called --lock-timeout before --ddl-lock-timeout
// existed; the old spelling keeps working, with a deprecation line.
std::vector<FlagSpec> AdvisoryLockFlags() {
  return {
      {"advisory-lock-timeout", 0, FlagKind::kDuration, "DURATION",
       "How long to wait for another runner's advisory lock (exit 4 after)", "60s"},
      {"lock-timeout", 0, FlagKind::kDuration, "DURATION", "Deprecated: --advisory-lock-timeout", "60s",
       /*hidden=*/true},
  };
}

std::chrono::milliseconds AdvisoryLockTimeout(const ParsedFlags& flags, const project::ProjectConfig& project,
                                              Io& io) {
  if (flags.Has("lock-timeout") && !flags.Has("advisory-lock-timeout")) {
    io.err << "Flag --lock-timeout has been deprecated, use --advisory-lock-timeout instead "
              "(--ddl-lock-timeout bounds the migrations' own lock waits)\n";
    return flags.Duration("lock-timeout");
  }
  return EffectiveDuration(flags, "advisory-lock-timeout", project.advisory_lock_timeout);
}

}  // namespace

std::vector<FlagSpec> ApplyFlags() {
  return Concat(DatabaseFlags(), SelectionFlags(), HistoryTableFlags(), AdvisoryLockFlags(),
                std::vector<FlagSpec>{
                    {"ddl-lock-timeout", 0, FlagKind::kDuration, "DURATION",
                     "Longest a migration's statement waits for a table lock, so live queries never "
                     "queue behind it for longer; 0 leaves the server's lock_timeout",
                     "500ms"},
                    {"ddl-retry-budget", 0, FlagKind::kDuration, "DURATION",
                     "How long to keep retrying a migration that lost a lock wait, deadlocked or "
                     "failed to serialize (exit 12 after); 0: no retries",
                     "3m"},
                    {"statement-timeout", 0, FlagKind::kDuration, "DURATION",
                     "statement_timeout for migrations; 0 leaves the server's", "0"},
                    {"show-blocker-queries", 0, FlagKind::kBool, "",
                     "Include the blocking sessions' query text in lock_blocked events (may hold data)", ""},
                    {"alert-threshold", 0, FlagKind::kDuration, "DURATION",
                     "Emit an alert event when the run takes longer", "30s"},
                    {"dry-run", 0, FlagKind::kBool, "", "Show what would run (same as plan)", ""},
                });
}

Status RunApply(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags, project));
  KM_TRY_ASSIGN(options.tx_mode, TxModeFromFlags(flags));
  KM_TRY_ASSIGN(options.out_of_order, OutOfOrderFromFlags(flags));
  options.lock_timeout = AdvisoryLockTimeout(flags, project, io);
  options.ddl_lock_timeout = EffectiveDuration(flags, "ddl-lock-timeout", project.ddl_lock_timeout);
  options.retry_budget = EffectiveDuration(flags, "ddl-retry-budget", project.ddl_retry_budget);
  options.statement_timeout = EffectiveDuration(flags, "statement-timeout", project.statement_timeout);
  options.show_blocker_queries = flags.Bool("show-blocker-queries");
  options.alert_threshold = flags.Duration("alert-threshold");
  options.upgrade_history_table = flags.Bool("upgrade-history-table");
  KM_TRY_ASSIGN(auto sink, MakeEventSink(flags, io));
  if (flags.Bool("dry-run")) return runner::Plan(options, *sink);
  db::InstallInterruptHandlers();
  return runner::Apply(options, *sink);
}

std::vector<FlagSpec> PlanFlags() { return Concat(DatabaseFlags(), SelectionFlags()); }

Status RunPlan(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags, project));
  KM_TRY_ASSIGN(options.tx_mode, TxModeFromFlags(flags));
  KM_TRY_ASSIGN(options.out_of_order, OutOfOrderFromFlags(flags));
  KM_TRY_ASSIGN(auto sink, MakeEventSink(flags, io));
  return runner::Plan(options, *sink);
}

std::vector<FlagSpec> BaselineFlags() {
  return Concat(DatabaseFlags(), HistoryTableFlags(), AdvisoryLockFlags(),
                std::vector<FlagSpec>{
                    {"to", 0, FlagKind::kString, "TAG", "Last migration the database already has (required)", ""},
                });
}

Status RunBaseline(const ParsedFlags& flags, Io& io) {
  if (flags.String("to").empty()) return MakeError(ExitCode::kUsage, "baseline needs --to TAG");
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags, project));
  options.lock_timeout = AdvisoryLockTimeout(flags, project, io);
  options.upgrade_history_table = flags.Bool("upgrade-history-table");
  KM_TRY_ASSIGN(auto sink, MakeEventSink(flags, io));
  db::InstallInterruptHandlers();
  return runner::Baseline(options, flags.String("to"), *sink);
}

}  // namespace km::cli
