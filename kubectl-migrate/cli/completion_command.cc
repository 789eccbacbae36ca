#include <ostream>

#include "cli/commands.h"
#include "cli/completion.h"

namespace km::cli {

std::vector<FlagSpec> CompletionFlags() { return {}; }

Status RunCompletion(const ParsedFlags& flags, Io& io) {
  const std::vector<std::string>& args = flags.positional();
  std::string shell = args.empty() ? "" : args.front();
  if (shell == "bash" && args.size() == 1) {
    io.out << BashCompletionScript();
  } else if (shell == "zsh" && args.size() == 1) {
    io.out << ZshCompletionScript();
  } else if (shell == "words") {
    // What the scripts and kubectl_complete-migrate call: the words after "--".
    io.out << FormatCompletions(
        Complete(Commands(), std::vector<std::string>(args.begin() + 1, args.end())));
  } else {
    return MakeError(ExitCode::kUsage,
                     "completion: name one shell, bash or zsh (got \"" + shell + "\")");
  }
  return Ok();
}

}  // namespace km::cli
