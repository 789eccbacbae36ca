#include <ostream>

#include "cli/commands.h"

namespace km::cli {

std::vector<FlagSpec> VersionFlags() {
  return {{"output", 'o', FlagKind::kString, "FORMAT", "Output format: text or json", "text"}};
}

Status RunVersion(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"text", "json"}));
  if (format == "json") {
    io.out << "{\"version\":\"" << KM_VERSION << "\",\"commit\":\"" << KM_GIT_COMMIT << "\"}\n";
  } else {
    io.out << "kubectl-migrate " << KM_VERSION << " (commit " << KM_GIT_COMMIT << ")\n";
  }
  return Ok();
}

}  // namespace km::cli
