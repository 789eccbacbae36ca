#include "cli/commands.h"
#include "cli/database_flags.h"
#include "runner/db_status.h"

namespace km::cli {

std::vector<FlagSpec> DbStatusFlags() { return DatabaseFlags(); }

Status RunDbStatus(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags));
  std::string format = flags.String("output");
  if (!format.empty() && format != "json" && format != "text" && format != "table") {
    return MakeError(ExitCode::kUsage, "--output must be json or text, not \"" + format + "\"");
  }
  KM_TRY_ASSIGN(auto status, runner::ReadDatabaseStatus(options));
  if (format == "json") {
    io.out << runner::DatabaseStatusJson(status) << "\n";
  } else {
    runner::PrintDatabaseStatus(status, io.out);
  }
  return Ok();
}

}  // namespace km::cli
