#include "kube/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <vector>

#include "util/json_depth.h"
#include "util/utf8.h"
#include "util/yaml_stream.h"

namespace km::kube {
namespace {

using Allocator = JsonDoc::AllocatorType;

constexpr std::array<std::string_view, 5> kNulls = {"", "~", "null", "Null", "NULL"};
constexpr std::array<std::string_view, 11> kTrues = {"true", "True", "TRUE", "y",  "Y", "yes",
                                                     "Yes",  "YES",  "on",   "On", "ON"};
constexpr std::array<std::string_view, 11> kFalses = {"false", "False", "FALSE", "n",   "N",  "no",
                                                      "No",    "NO",    "off",   "Off", "OFF"};

bool OneOf(std::string_view text, const auto& list) {
  for (std::string_view item : list) {
    if (item == text) return true;
  }
  return false;
}

// An integer in one of go-yaml v2's forms, or nullopt.
std::optional<int64_t> ParseInt(std::string_view text) {
  std::string digits(text);
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.erase(0, 1);
  }
  int base = 10;
  if (digits.starts_with("0x")) {
    base = 16;
    digits.erase(0, 2);
  } else if (digits.starts_with("0o")) {
    base = 8;
    digits.erase(0, 2);
  } else if (digits.starts_with("0b")) {
    base = 2;
    digits.erase(0, 2);
  } else if (digits.size() > 1 && digits[0] == '0') {
    base = 8;
  }
  if (digits.empty() || digits.find_first_of("+- ") != std::string::npos) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(digits.c_str(), &end, base);
  if (errno != 0 || end != digits.c_str() + digits.size()) return std::nullopt;
  return negative ? -value : value;
}

std::optional<double> ParseFloat(std::string_view text) {
  if (text == ".inf" || text == "+.inf" || text == ".Inf" || text == ".INF") return HUGE_VAL;
  if (text == "-.inf" || text == "-.Inf" || text == "-.INF") return -HUGE_VAL;
  if (text.find_first_not_of("0123456789+-.eE") != std::string_view::npos) return std::nullopt;
  if (text.find_first_of("0123456789") == std::string_view::npos) return std::nullopt;
  std::string copy(text);
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (errno != 0 || end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

// A scalar's text as UTF-8 (see YamlScalarUtf8), or an error naming its line.
Result<std::string> ScalarText(const YAML::Node& node, std::string_view source) {
  std::optional<std::string> text = YamlScalarUtf8(node.Scalar());
  if (!text) {
    return MakeError(ExitCode::kUsage, std::string(source) + ": line " +
                                           std::to_string(node.Mark().line + 1) +
                                           ": a string that is not UTF-8");
  }
  return std::move(*text);
}

JsonValue Scalar(const std::string& text, const std::string& tag, Allocator& alloc) {
  bool plain = tag == "?" || tag.empty();
  if (tag == "!" || tag == "tag:yaml.org,2002:str") {
    return JsonValue(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
  }
  if (plain || tag == "tag:yaml.org,2002:null") {
    if (OneOf(text, kNulls)) return JsonValue(rapidjson::kNullType);
  }
  if (plain || tag == "tag:yaml.org,2002:bool") {
    if (OneOf(text, kTrues)) return JsonValue(true);
    if (OneOf(text, kFalses)) return JsonValue(false);
  }
  if (plain || tag == "tag:yaml.org,2002:int") {
    if (auto number = ParseInt(text)) return JsonValue(static_cast<int64_t>(*number));
  }
  if (plain || tag == "tag:yaml.org,2002:float") {
    if (auto number = ParseFloat(text); number && std::isfinite(*number)) return JsonValue(*number);
  }
  return JsonValue(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
}

// A plain (or !!merge) "<<" key: go-yaml v2 merges the mapping (or the list of
// mappings) it names into the mapping it is in.
bool IsMergeKey(const YAML::Node& key) {
  return key.Scalar() == "<<" && (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
}

// A later key replaces an earlier one, in the earlier one's place (go-yaml's map).
void Set(JsonValue& object, JsonValue name, JsonValue& value, Allocator& alloc) {
  auto existing = object.FindMember(name);
  if (existing != object.MemberEnd()) {
    existing->value = value;
  } else {
    object.AddMember(name, value, alloc);
  }
}

Result<JsonValue> Convert(const YAML::Node& node, Allocator& alloc, std::string_view source,
                          size_t depth);

// go-yaml v2's merge: the keys of a mapping, or of each mapping in a list (the first
// one's keys win), set into `object` where the "<<" key stands: keys after it replace
// merged ones, keys before it are replaced.
Status Merge(const YAML::Node& value, JsonValue& object, Allocator& alloc, std::string_view source,
             size_t depth) {
  auto want_maps = [&] {
    return MakeError(ExitCode::kUsage, std::string(source) + ": line " +
                                           std::to_string(value.Mark().line + 1) +
                                           ": a merge key (<<) takes a mapping or a list of "
                                           "mappings");
  };
  std::vector<YAML::Node> maps;
  if (value.IsMap()) {
    maps.push_back(value);
  } else if (value.IsSequence()) {
    for (const YAML::Node& item : value) {
      if (!item.IsMap()) return want_maps();
      maps.push_back(item);
    }
  } else {
    return want_maps();
  }
  for (auto map = maps.rbegin(); map != maps.rend(); ++map) {
    KM_TRY_ASSIGN(JsonValue merged, Convert(*map, alloc, source, depth));
    for (auto& member : merged.GetObject())
      Set(object, std::move(member.name), member.value, alloc);
  }
  return Ok();
}

// Aliases were measured before (YamlAliasProblem): no cycle, a bounded number of values.
Result<JsonValue> Convert(const YAML::Node& node, Allocator& alloc, std::string_view source,
                          size_t depth) {
  // Aliases can nest a document deeper than its text does; this recursion and the JSON
  // walks after it need a bound.
  if (depth > kMaxJsonDepth) {
    return MakeError(ExitCode::kUsage, std::string(source) + ": nested more than " +
                                           std::to_string(kMaxJsonDepth) +
                                           " levels deep (aliases expanded)");
  }
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return JsonValue(rapidjson::kNullType);
    case YAML::NodeType::Scalar: {
      KM_TRY_ASSIGN(std::string text, ScalarText(node, source));
      return Scalar(text, node.Tag(), alloc);
    }
    case YAML::NodeType::Sequence: {
      JsonValue array(rapidjson::kArrayType);
      for (const YAML::Node& item : node) {
        KM_TRY_ASSIGN(JsonValue value, Convert(item, alloc, source, depth + 1));
        array.PushBack(value, alloc);
      }
      return array;
    }
    case YAML::NodeType::Map: {
      JsonValue object(rapidjson::kObjectType);
      for (const auto& pair : node) {
        if (!pair.first.IsScalar()) {
          return MakeError(ExitCode::kUsage, std::string(source) + ": line " +
                                                 std::to_string(pair.first.Mark().line + 1) +
                                                 ": a mapping key must be a scalar");
        }
        if (IsMergeKey(pair.first)) {
          KM_TRY_STATUS(Merge(pair.second, object, alloc, source, depth + 1));
          continue;
        }
        KM_TRY_ASSIGN(const std::string key, ScalarText(pair.first, source));
        KM_TRY_ASSIGN(JsonValue value, Convert(pair.second, alloc, source, depth + 1));
        Set(object, JsonValue(key.c_str(), static_cast<rapidjson::SizeType>(key.size()), alloc),
            value, alloc);
      }
      return object;
    }
  }
  return JsonValue(rapidjson::kNullType);
}

// True when a plain YAML scalar with this text would not read back as this string.
bool NeedsQuotes(const std::string& text) {
  if (text.empty() || OneOf(text, kNulls) || OneOf(text, kTrues) || OneOf(text, kFalses)) {
    return true;
  }
  if (text == "<<") return true;  // a plain "<<" key is a merge
  // A plain "---" or "..." at the start of a line is a document marker (found by fuzzing).
  if (text.starts_with("---") || text.starts_with("...")) return true;
  // yaml-cpp writes control characters (a lone '\r', found by fuzzing) into plain
  // scalars, where they read back as line breaks; double quotes escape them.
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return ParseInt(text).has_value() || ParseFloat(text).has_value() || text == ".nan" ||
         text == ".NaN" || text == ".NAN";
}

void Emit(const JsonValue& value, YAML::Emitter& out) {
  if (value.IsObject()) {
    out << YAML::BeginMap;
    for (const auto& member : value.GetObject()) {
      std::string key(member.name.GetString(), member.name.GetStringLength());
      // YAML allows simple (one-line) keys up to 1024 characters; yaml-cpp writes longer
      // ones that way anyway, which no parser reads back (found by fuzzing): use "? key"
      // when the key, escaped (up to 4 characters a byte), could be that long.
      if (key.size() > 250) out << YAML::LongKey;
      out << YAML::Key;
      if (NeedsQuotes(key)) out << YAML::DoubleQuoted;
      out << key << YAML::Value;
      Emit(member.value, out);
    }
    out << YAML::EndMap;
  } else if (value.IsArray()) {
    out << YAML::BeginSeq;
    for (const JsonValue& item : value.GetArray()) Emit(item, out);
    out << YAML::EndSeq;
  } else if (value.IsString()) {
    std::string text(value.GetString(), value.GetStringLength());
    if (NeedsQuotes(text)) out << YAML::DoubleQuoted;
    out << text;
  } else if (value.IsBool()) {
    out << (value.GetBool() ? "true" : "false");
  } else if (value.IsInt64()) {
    out << value.GetInt64();
  } else if (value.IsUint64()) {
    out << value.GetUint64();
  } else if (value.IsNumber()) {
    out << value.GetDouble();
  } else {
    out << YAML::Null;
  }
}

}  // namespace

Result<JsonDoc> YamlToJson(std::string_view yaml, std::string_view source) {
  // kubectl's decoder refuses bytes that are not UTF-8; yaml-cpp passes them on, into
  // JSON the API server cannot read and JsonToYaml cannot write back.
  if (std::string valid = NormalizeUtf8LikeNode(yaml); valid != yaml) {
    size_t at = std::mismatch(valid.begin(), valid.end(), yaml.begin(), yaml.end()).first -
                valid.begin();
    size_t line = 1 + std::count(yaml.begin(), yaml.begin() + at, '\n');
    return MakeError(ExitCode::kUsage, std::string(source) + ": line " + std::to_string(line) +
                                           ": not valid UTF-8");
  }
  // A NUL byte is no YAML character (kubectl refuses it), and it makes yaml-cpp guess
  // UTF-16 or UTF-32 ("1\0\0\0") and read the rest as garbage that is not UTF-8.
  if (size_t nul = yaml.find('\0'); nul != std::string_view::npos) {
    size_t line = 1 + std::count(yaml.begin(), yaml.begin() + nul, '\n');
    return MakeError(ExitCode::kUsage, std::string(source) + ": line " + std::to_string(line) +
                                           ": a NUL byte");
  }
  std::vector<YAML::Node> documents;
  std::string text(yaml);
  try {
    YamlStreamScan scan = ScanYamlStream(text);
    if (!scan.ends) {
      return MakeError(ExitCode::kUsage, std::string(source) +
                                             ": not YAML: the parser finds no end to it "
                                             "(stray text after a flow collection?)");
    }
    if (auto problem = YamlAliasProblem(scan.aliases)) {
      return MakeError(ExitCode::kUsage, std::string(source) + ": " + *problem);
    }
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& error) {
    std::string where = error.mark.is_null() ? "" : ": line " + std::to_string(error.mark.line + 1);
    return MakeError(ExitCode::kUsage, std::string(source) + where + ": " + error.msg);
  }
  // A document that reads as null is no document, whether it is empty, `~` or a
  // tagged `!!null ''` (found by fuzzing: that one was kept, and the `~` JsonToYaml
  // wrote for it read back as nothing); kubectl's stream visitor skips them all.
  JsonDoc doc;
  size_t found = 0;
  for (const YAML::Node& document : documents) {
    KM_TRY_ASSIGN(JsonValue root, Convert(document, doc.GetAllocator(), source, 0));
    if (root.IsNull()) continue;
    if (++found == 1) static_cast<JsonValue&>(doc).Swap(root);
  }
  if (found != 1) {
    return MakeError(
        ExitCode::kUsage,
        std::string(source) + ": expected one YAML document, found " + std::to_string(found));
  }
  return doc;
}

std::string JsonToYaml(const JsonValue& json) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  out.SetMapFormat(YAML::Block);
  Emit(json, out);
  return std::string(out.c_str()) + "\n";
}

}  // namespace km::kube
