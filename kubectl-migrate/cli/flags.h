#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/duration.h"
#include "util/result.h"

namespace km::cli {

enum class FlagKind { kString, kBool, kInt, kDuration, kStringList };

// One flag a command accepts. `default_value` is in the same text form a user
// would type ("60s", "123456789", "migrations").
struct FlagSpec {
  std::string name;         // long name without dashes: "lock-timeout"
  char short_name = 0;      // 'n' for -n, 0 for none
  FlagKind kind = FlagKind::kString;
  std::string value_name;   // shown in help: "DURATION"
  std::string help;
  std::string default_value;
  bool hidden = false;       // still accepted (an old spelling), but not in help or completion
};

// The parsed command line of one command. Values were validated while
// parsing, so the typed accessors cannot fail; an unknown name is a bug.
class ParsedFlags {
 public:
  bool Has(std::string_view name) const;  // given on the command line
  std::string String(std::string_view name) const;
  bool Bool(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  std::chrono::milliseconds Duration(std::string_view name) const;
  std::vector<std::string> List(std::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  bool help() const { return help_; }

 private:
  friend Result<ParsedFlags> ParseFlags(const std::vector<FlagSpec>&,
                                        std::span<const std::string>);
  const FlagSpec& Spec(std::string_view name) const;

  std::vector<FlagSpec> specs_;
  std::map<std::string, std::vector<std::string>, std::less<>> given_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

// Parses args (without the command name) the way kubectl does: --name=value,
// --name value, -n value, -nvalue, boolean --name / --name=false, "--" ends
// flags. -h/--help sets help(). Errors are usage errors naming the flag.
Result<ParsedFlags> ParseFlags(const std::vector<FlagSpec>& specs,
                               std::span<const std::string> args);

// Go-style durations as kubectl takes them: "300ms", "5s", "1m30s", "2h";
// a bare number is seconds (util/duration.h, shared with the project file).
using km::ParseDuration;

// The -o/--output value when it is one of `allowed` ("json", "text", ...), or
// `when_empty` when none was given. Anything else is a usage error that lists
// the allowed formats.
Result<std::string> OutputFormat(const ParsedFlags& flags, const std::vector<std::string>& allowed,
                                 const std::string& when_empty = "");

// "  -n, --namespace NAME   help (default "x")" lines for --help.
std::string FormatFlagHelp(const std::vector<FlagSpec>& specs);

}  // namespace km::cli
