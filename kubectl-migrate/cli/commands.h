#pragma once

// Flag tables and handlers of every subcommand; the table itself is in
// commands.cc. Each pair lives in its own <name>_command.cc.

#include <vector>

#include "cli/command.h"

namespace km::cli {

std::vector<FlagSpec> ApplyFlags();
Status RunApply(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> PlanFlags();
Status RunPlan(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> BaselineFlags();
Status RunBaseline(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> RunFlags();
Status RunRun(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> DbStatusFlags();
Status RunDbStatus(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> WaitFlags();
Status RunWait(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> LogsFlags();
Status RunLogs(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> LintFlags();
Status RunLint(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> ChangedFlags();
Status RunChanged(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> ApprovalFlags();
Status RunApproval(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> VersionFlags();
Status RunVersion(const ParsedFlags& flags, Io& io);

std::vector<FlagSpec> CompletionFlags();
Status RunCompletion(const ParsedFlags& flags, Io& io);

}  // namespace km::cli
