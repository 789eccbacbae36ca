#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/flags.h"
#include "util/result.h"

namespace km::cli {

// Where a command writes: data on `out`, progress, logs and errors on `err`.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool out_is_tty = false;
  bool err_is_tty = false;
  bool color = false;  // err is a TTY and NO_COLOR is unset
};

using Handler = Status (*)(const ParsedFlags& flags, Io& io);

// One subcommand: `kubectl migrate <name> [flags]`.
struct Command {
  std::string name;
  std::string summary;             // one line, for the command list
  std::string usage;               // "kubectl migrate apply [flags]" plus a paragraph
  std::vector<FlagSpec> (*flags)();
  Handler run;
};

// Every subcommand, in the order `--help` lists them.
const std::vector<Command>& Commands();

// The process entry point: parses argv, runs the command, prints
// "kubectl-migrate: error: ..." once on failure and returns the exit code.
int Main(int argc, char** argv);

}  // namespace km::cli
