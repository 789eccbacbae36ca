#include "cli/flags.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <sstream>

namespace km::cli {
namespace {

Error UsageError(std::string message) { return MakeError(ExitCode::kUsage, std::move(message)); }

std::string DisplayName(const FlagSpec& spec) { return "--" + spec.name; }

Result<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return UsageError("not an integer: \"" + std::string(text) + "\"");
  }
  return value;
}

Result<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return UsageError("not a boolean (true or false): \"" + std::string(text) + "\"");
}

// Checks a value against its flag's kind, so accessors never see bad input.
Status Validate(const FlagSpec& spec, std::string_view value) {
  switch (spec.kind) {
    case FlagKind::kInt: {
      auto parsed = ParseInt(value);
      if (!parsed) return parsed.error().Wrap("invalid value for " + DisplayName(spec));
      return Ok();
    }
    case FlagKind::kDuration: {
      auto parsed = ParseDuration(value);
      if (!parsed) return parsed.error().Wrap("invalid value for " + DisplayName(spec));
      return Ok();
    }
    case FlagKind::kBool: {
      auto parsed = ParseBool(value);
      if (!parsed) return parsed.error().Wrap("invalid value for " + DisplayName(spec));
      return Ok();
    }
    case FlagKind::kString:
    case FlagKind::kStringList:
      return Ok();
  }
  return Ok();
}

const FlagSpec* FindLong(const std::vector<FlagSpec>& specs, std::string_view name) {
  for (const auto& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const FlagSpec* FindShort(const std::vector<FlagSpec>& specs, char name) {
  for (const auto& spec : specs) {
    if (spec.short_name != 0 && spec.short_name == name) return &spec;
  }
  return nullptr;
}

}  // namespace

Result<ParsedFlags> ParseFlags(const std::vector<FlagSpec>& specs,
                               std::span<const std::string> args) {
  ParsedFlags parsed;
  parsed.specs_ = specs;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      parsed.positional_.insert(parsed.positional_.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg == "-h" || arg == "--help") {
      parsed.help_ = true;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      parsed.positional_.push_back(arg);
      continue;
    }
    const FlagSpec* spec = nullptr;
    std::string value;
    bool has_inline_value = false;
    if (arg.starts_with("--")) {
      std::string_view body = std::string_view(arg).substr(2);
      size_t eq = body.find('=');
      std::string_view name = body.substr(0, eq);
      spec = FindLong(specs, name);
      if (spec == nullptr) return UsageError("unknown flag: --" + std::string(name));
      if (eq != std::string_view::npos) {
        value = std::string(body.substr(eq + 1));
        has_inline_value = true;
      }
    } else {
      spec = FindShort(specs, arg[1]);
      if (spec == nullptr) return UsageError("unknown shorthand flag: '" + std::string(1, arg[1]) + "' in " + arg);
      if (arg.size() > 2) {
        value = arg.substr(arg[2] == '=' ? 3 : 2);
        has_inline_value = true;
      }
    }
    if (spec->kind == FlagKind::kBool && !has_inline_value) {
      value = "true";
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) return UsageError("flag needs an argument: " + DisplayName(*spec));
      value = args[++i];
    }
    KM_TRY_STATUS(Validate(*spec, value));
    auto& values = parsed.given_[spec->name];
    if (spec->kind != FlagKind::kStringList) values.clear();
    values.push_back(value);
  }
  return parsed;
}

const FlagSpec& ParsedFlags::Spec(std::string_view name) const {
  const FlagSpec* spec = FindLong(specs_, name);
  assert(spec != nullptr && "flag not declared by this command");
  return *spec;
}

bool ParsedFlags::Has(std::string_view name) const { return given_.find(name) != given_.end(); }

std::string ParsedFlags::String(std::string_view name) const {
  auto it = given_.find(name);
  if (it != given_.end()) return it->second.back();
  return Spec(name).default_value;
}

bool ParsedFlags::Bool(std::string_view name) const {
  std::string value = String(name);
  return value == "true" || value == "1";
}

int64_t ParsedFlags::Int(std::string_view name) const {
  auto value = ParseInt(String(name));
  return value.ok() ? *value : 0;
}

std::chrono::milliseconds ParsedFlags::Duration(std::string_view name) const {
  auto value = ParseDuration(String(name));
  return value.ok() ? *value : std::chrono::milliseconds(0);
}

std::vector<std::string> ParsedFlags::List(std::string_view name) const {
  auto it = given_.find(name);
  if (it != given_.end()) return it->second;
  const std::string& fallback = Spec(name).default_value;
  if (fallback.empty()) return {};
  return {fallback};
}

Result<std::string> OutputFormat(const ParsedFlags& flags, const std::vector<std::string>& allowed,
                                 const std::string& when_empty) {
  std::string format = flags.String("output");
  if (format.empty()) return when_empty;
  for (const std::string& name : allowed) {
    if (format == name) return format;
  }
  std::string choices;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) choices += i + 1 == allowed.size() ? " or " : ", ";
    choices += allowed[i];
  }
  return UsageError("--output must be " + choices + ", not \"" + format + "\"");
}

std::string FormatFlagHelp(const std::vector<FlagSpec>& specs) {
  std::ostringstream out;
  for (const auto& spec : specs) {
    if (spec.hidden) continue;
    std::string left = spec.short_name ? std::string("  -") + spec.short_name + ", " : "      ";
    left += "--" + spec.name;
    if (spec.kind != FlagKind::kBool) left += " " + (spec.value_name.empty() ? "VALUE" : spec.value_name);
    out << left;
    size_t pad = left.size() < 34 ? 34 - left.size() : 1;
    out << std::string(pad, ' ') << spec.help;
    if (!spec.default_value.empty() && spec.kind != FlagKind::kBool) {
      out << " (default \"" << spec.default_value << "\")";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace km::cli
