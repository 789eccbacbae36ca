#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace km {

// More documents than any manifest or project file has.
inline constexpr int kMaxYamlDocuments = 100;

// Values a document may stand for once its aliases are expanded. A few nested aliases
// can stand for billions ("billion laughs").
inline constexpr uint64_t kMaxYamlValues = 1'000'000;

// What a YAML stream's aliases make of it, measured from the parser's events (nothing
// is expanded), for the document where a limit is first crossed, else the largest.
struct YamlAliasUse {
  uint64_t values = 0;        // values once aliases are expanded (saturates)
  uint64_t alias_values = 0;  // of those, the values reached through an alias
  int cycle_line = 0;         // 1-based line of an alias inside its own anchor's value
};

struct YamlStreamScan {
  bool ends = false;  // the parser reached the end within max_documents documents
  YamlAliasUse aliases;
};

// One pass of yaml-cpp's parser over `yaml`, building no nodes. Every LoadAll of text
// from someone else is preceded by this: yaml-cpp 0.7 (Debian 12) never ends LoadAll on
// some malformed streams ("{a: b},"): it keeps returning empty documents without
// consuming input, and memory grows until the process is killed. Throws what the parser
// throws (YAML::Exception).
YamlStreamScan ScanYamlStream(const std::string& yaml, int max_documents = kMaxYamlDocuments);

// ScanYamlStream(...).ends.
bool YamlStreamEnds(const std::string& yaml, int max_documents = kMaxYamlDocuments);

// Why a document must not be expanded, or nullopt: an alias inside its own anchor's value
// (go-yaml, kubectl's parser: "anchor 'a' value contains itself"), more than
// kMaxYamlValues values, or go-yaml's "excessive aliasing" (more than 100 values from
// aliases in a document of over 1000 values, and a share of them above 99 % up to 400,000
// values, falling to 10 % at 4,000,000). The message starts with "line N: " when there is
// a line to name.
std::optional<std::string> YamlAliasProblem(const YamlAliasUse& use);

// yaml-cpp 0.7 decodes the escapes "\N" (U+0085) and "\_" (U+00A0) of a double-quoted
// scalar to the single bytes 0x85 and 0xA0 rather than to UTF-8 (found by fuzzing). Given
// a scalar yaml-cpp read from UTF-8 text, returns it with each such byte that is not part
// of a UTF-8 sequence written as UTF-8; or nullopt when other bytes are not UTF-8 either
// (none are known: yaml-cpp refuses escaped surrogates, "\uD800", as go-yaml does).
std::optional<std::string> YamlScalarUtf8(const std::string& scalar);

}  // namespace km
