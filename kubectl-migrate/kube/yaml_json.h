#pragma once

#include <string>
#include <string_view>

#include "kube/json.h"
#include "util/result.h"

namespace km::kube {

// Parses one YAML document (a manifest) into JSON the way kubectl's YAML decoder
// (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 scalars) reads it: plain scalars
// become null, booleans (true/false, yes/no, on/off in their cases), integers
// (decimal, 0x hex, 0o/leading-0 octal), floats or strings; quoted scalars and
// `!!str` are always strings. Anchors and aliases are expanded within go-yaml's
// limits (util/yaml_stream: no cycle, at most 10^6 values, no excessive aliasing),
// and "<<" merge keys merge as go-yaml v2 merges them. Errors are usage errors
// naming `source` and the line; a stream with several documents is one (a document
// that reads as null, `~` or `!!null ''`, counts as none, as kubectl skips it).
Result<JsonDoc> YamlToJson(std::string_view yaml, std::string_view source);

// Renders JSON as block-style YAML, quoting every string that would otherwise
// be read back as something else ("true", "123", "", "null"), so that
// YamlToJson(JsonToYaml(x)) == x.
std::string JsonToYaml(const JsonValue& json);

}  // namespace km::kube
