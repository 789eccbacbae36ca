#include <ostream>

#include "cli/commands.h"

namespace km::cli {

std::vector<FlagSpec> VersionFlags() {
  return {{"output", 'o', FlagKind::kString, "FORMAT", "Output format: text or json", "text"}};
}

Status RunVersion(const ParsedFlags& flags, Io& io) {
  std::string format = flags.String("output");
  if (format == "json") {
    io.out << "{\"version\":\"" << KM_VERSION << "\",\"commit\":\"" << KM_GIT_COMMIT << "\"}\n";
  } else if (format == "text") {
    io.out << "kubectl-migrate " << KM_VERSION << " (commit " << KM_GIT_COMMIT << ")\n";
  } else {
    return MakeError(ExitCode::kUsage, "--output must be text or json, not \"" + format + "\"");
  }
  return Ok();
}

}  // namespace km::cli
