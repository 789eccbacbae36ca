#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/command.h"

namespace km::cli {
namespace {

constexpr const char* kProgram = "kubectl-migrate";

void PrintUsage(std::ostream& out) {
  out << "kubectl-migrate runs database schema migrations on Kubernetes safely.\n\n"
         "Usage:\n  kubectl migrate <command> [flags]\n\nCommands:\n";
  for (const Command& command : Commands()) {
    out << "  " << command.name << std::string(command.name.size() < 12 ? 12 - command.name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\nUse \"kubectl migrate <command> --help\" for more about a command.\n";
}

void PrintCommandHelp(const Command& command, std::ostream& out) {
  auto flags = command.flags();
  flags.push_back({"help", 'h', FlagKind::kBool, "", "help for " + command.name, ""});
  out << command.summary << "\n\nUsage:\n  " << command.usage << "\n\nFlags:\n"
      << FormatFlagHelp(flags);
}

const Command* Find(std::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool err_tty = isatty(STDERR_FILENO) == 1;
  Io io{std::cout, std::cerr, isatty(STDOUT_FILENO) == 1, err_tty,
        err_tty && std::getenv("NO_COLOR") == nullptr};

  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    if (args.size() >= 2 && Find(args[1]) != nullptr) {
      PrintCommandHelp(*Find(args[1]), io.out);
    } else {
      PrintUsage(io.out);
    }
    return args.empty() ? ToInt(ExitCode::kUsage) : 0;
  }
  if (args[0] == "--version") args[0] = "version";

  const Command* command = Find(args[0]);
  if (command == nullptr) {
    std::cerr << kProgram << ": error: unknown command \"" << args[0]
              << "\"; run \"kubectl migrate --help\" for the list\n";
    return ToInt(ExitCode::kUsage);
  }
  auto flags = ParseFlags(command->flags(), std::span(args).subspan(1));
  if (!flags) {
    std::cerr << kProgram << ": error: " << command->name << ": " << flags.error().message
              << "\nSee \"kubectl migrate " << command->name << " --help\".\n";
    return ToInt(flags.error().code);
  }
  if (flags->help()) {
    PrintCommandHelp(*command, io.out);
    return 0;
  }
  Status status = command->run(*flags, io);
  io.out.flush();
  if (!status) {
    std::cerr << kProgram << ": error: " << status.error().message << "\n";
    return ToInt(status.error().code);
  }
  return 0;
}

}  // namespace km::cli
