#include "cli/commands.h"

namespace km::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"version", "Print the version and commit", "kubectl migrate version [-o json]",
       VersionFlags, RunVersion},
  };
  return kCommands;
}

}  // namespace km::cli
