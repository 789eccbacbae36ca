#include "cli/completion.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace km::cli {
namespace {

// Values of flags that only take a few words (checked by the commands that read them).
const std::map<std::string, std::vector<std::string>, std::less<>>& Choices() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kChoices = {
      {"output", {"text", "json"}},
      {"tx-mode", {"per-migration", "all"}},
      {"on-timeout", {"stop", "leave"}},
  };
  return kChoices;
}

// The positional words a command takes, when they are a fixed set.
std::vector<Candidate> PositionalChoices(const Command& command) {
  if (command.name == "completion") {
    return {{"bash", "Bash completion script"}, {"zsh", "Zsh completion script"}};
  }
  return {};
}

std::vector<FlagSpec> FlagsWithHelp(const Command& command) {
  auto flags = command.flags();
  flags.push_back({"help", 'h', FlagKind::kBool, "", "help for " + command.name, ""});
  return flags;
}

const FlagSpec* FindFlag(const std::vector<FlagSpec>& flags, const std::string& word) {
  for (const FlagSpec& flag : flags) {
    if (word == "--" + flag.name ||
        (flag.short_name && word == std::string{'-', flag.short_name})) {
      return &flag;
    }
  }
  return nullptr;
}

bool TakesValue(const FlagSpec& flag) { return flag.kind != FlagKind::kBool; }

// Candidates for the value of `flag`, each written as prefix + value.
Completions ValueCompletions(const FlagSpec& flag, const std::string& typed,
                             const std::string& prefix) {
  Completions result;
  if (flag.kind == FlagKind::kBool) {
    for (const char* value : {"true", "false"}) result.candidates.push_back({prefix + value, ""});
  } else if (auto it = Choices().find(flag.name); it != Choices().end()) {
    for (const std::string& value : it->second) result.candidates.push_back({prefix + value, ""});
  } else if (flag.value_name.starts_with("deployment/NAME")) {
    result.candidates.push_back({prefix + "deployment/", "a Deployment in the namespace"});
    result.directive = kCompNoSpace | kCompNoFiles;
  } else if (prefix.empty() && flag.value_name == "DIR") {
    result.directive = kCompFilterDirs;
  } else if (prefix.empty() && flag.value_name == "FILE") {
    result.directive = kCompDefault;
  }
  std::erase_if(result.candidates,
                [&](const Candidate& c) { return !c.value.starts_with(prefix + typed); });
  return result;
}

Completions FlagNameCompletions(const std::vector<FlagSpec>& flags,
                                const std::vector<std::string>& given, const std::string& typed) {
  Completions result;
  for (const FlagSpec& flag : flags) {
    std::string name = "--" + flag.name;
    if (flag.hidden || !name.starts_with(typed)) continue;
    bool repeatable = flag.kind == FlagKind::kStringList;
    bool already = std::any_of(given.begin(), given.end(), [&](const std::string& word) {
      return word == name || word.starts_with(name + "=") ||
             (flag.short_name && word == std::string{'-', flag.short_name});
    });
    if (already && !repeatable) continue;
    result.candidates.push_back({name, flag.help});
  }
  return result;
}

}  // namespace

Completions Complete(const std::vector<Command>& commands, const std::vector<std::string>& words) {
  const std::string typed = words.empty() ? "" : words.back();
  if (words.size() <= 1) {
    Completions result;
    for (const Command& command : commands) {
      if (command.name.starts_with(typed))
        result.candidates.push_back({command.name, command.summary});
    }
    return result;
  }
  auto command = std::find_if(commands.begin(), commands.end(),
                              [&](const Command& c) { return c.name == words.front(); });
  if (command == commands.end()) return {};
  std::vector<std::string> given(words.begin() + 1, words.end() - 1);
  // After "--" the words are the Job's command (run): plain file completion.
  if (std::find(given.begin(), given.end(), "--") != given.end()) return {{}, kCompDefault};

  std::vector<FlagSpec> flags = FlagsWithHelp(*command);
  if (!given.empty()) {
    const FlagSpec* previous = FindFlag(flags, given.back());
    if (previous != nullptr && TakesValue(*previous)) return ValueCompletions(*previous, typed, "");
  }
  if (typed.starts_with("--") && typed.find('=') != std::string::npos) {
    size_t eq = typed.find('=');
    const FlagSpec* flag = FindFlag(flags, typed.substr(0, eq));
    if (flag == nullptr) return {};
    return ValueCompletions(*flag, typed.substr(eq + 1), typed.substr(0, eq + 1));
  }
  if (typed.starts_with("-")) return FlagNameCompletions(flags, given, typed);

  Completions result;
  size_t positional = 0;
  for (size_t i = 0; i < given.size(); ++i) {
    const FlagSpec* flag = FindFlag(flags, given[i]);
    if (flag != nullptr && TakesValue(*flag))
      ++i;  // its value is the next word
    else if (!given[i].starts_with("-"))
      ++positional;
  }
  if (positional == 0) {
    for (Candidate& candidate : PositionalChoices(*command)) {
      if (candidate.value.starts_with(typed)) result.candidates.push_back(std::move(candidate));
    }
  }
  return result;
}

std::string FormatCompletions(const Completions& completions) {
  std::ostringstream out;
  for (const Candidate& candidate : completions.candidates) {
    out << candidate.value;
    if (!candidate.description.empty()) out << '\t' << candidate.description;
    out << '\n';
  }
  out << ':' << completions.directive << '\n';
  return out.str();
}

}  // namespace km::cli
