// YAML manifests (--manifest) to JSON, and the documented round trip:
// YamlToJson(JsonToYaml(x)) == x for whatever YamlToJson produced.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "kube/yaml_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto json = km::kube::YamlToJson(yaml, "fuzz.yaml");
  if (!json) return 0;
  std::string rendered = km::kube::JsonToYaml(*json);
  auto again = km::kube::YamlToJson(rendered, "rendered.yaml");
  km::fuzz::Check(static_cast<bool>(again), "JsonToYaml wrote YAML that YamlToJson rejects");
  km::fuzz::Check(*again == *json, "YamlToJson(JsonToYaml(x)) != x");
  return 0;
}
