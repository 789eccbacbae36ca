#include "cli/commands.h"
#include "cli/database_flags.h"
#include "db/interrupt.h"
#include "runner/apply.h"

namespace km::cli {

std::vector<FlagSpec> ApplyFlags() {
  return Concat(DatabaseFlags(), SelectionFlags(),
                std::vector<FlagSpec>{
                    {"lock-timeout", 0, FlagKind::kDuration, "DURATION",
                     "How long to wait for another runner's lock", "60s"},
                    {"alert-threshold", 0, FlagKind::kDuration, "DURATION",
                     "Emit an alert event when the run takes longer", "30s"},
                    {"dry-run", 0, FlagKind::kBool, "", "Show what would run (same as plan)", ""},
                });
}

Status RunApply(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags));
  KM_TRY_ASSIGN(options.tx_mode, TxModeFromFlags(flags));
  options.allow_out_of_order = flags.Bool("allow-out-of-order");
  options.lock_timeout = flags.Duration("lock-timeout");
  options.alert_threshold = flags.Duration("alert-threshold");
  KM_TRY_ASSIGN(auto sink, MakeEventSink(flags, io));
  if (flags.Bool("dry-run")) return runner::Plan(options, *sink);
  db::InstallInterruptHandlers();
  return runner::Apply(options, *sink);
}

std::vector<FlagSpec> PlanFlags() { return Concat(DatabaseFlags(), SelectionFlags()); }

Status RunPlan(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags));
  KM_TRY_ASSIGN(options.tx_mode, TxModeFromFlags(flags));
  options.allow_out_of_order = flags.Bool("allow-out-of-order");
  KM_TRY_ASSIGN(auto sink, MakeEventSink(flags, io));
  return runner::Plan(options, *sink);
}

std::vector<FlagSpec> BaselineFlags() {
  return Concat(DatabaseFlags(), std::vector<FlagSpec>{
                                     {"to", 0, FlagKind::kString, "TAG",
                                      "Last migration the database already has (required)", ""},
                                     {"lock-timeout", 0, FlagKind::kDuration, "DURATION",
                                      "How long to wait for another runner's lock", "60s"},
                                 });
}

Status RunBaseline(const ParsedFlags& flags, Io& io) {
  if (flags.String("to").empty()) return MakeError(ExitCode::kUsage, "baseline needs --to TAG");
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags));
  options.lock_timeout = flags.Duration("lock-timeout");
  KM_TRY_ASSIGN(auto sink, MakeEventSink(flags, io));
  db::InstallInterruptHandlers();
  return runner::Baseline(options, flags.String("to"), *sink);
}

}  // namespace km::cli
