#pragma once

// Helpers for unit tests that read YAML (util, kube, project).

#include <string>

namespace km::testing {

// Nested aliases ("billion laughs"): "a0" holds `width` scalars x, and each next level
// "aN" holds `width` aliases of the one before, so the document stands for about
// width^(levels+1) values.
inline std::string NestedYamlAliases(int levels, int width) {
  std::string yaml = "a0: &a0 [";
  for (int j = 0; j < width; ++j) yaml += j ? ", x" : "x";
  yaml += "]\n";
  for (int i = 1; i <= levels; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < width; ++j) yaml += j ? ", " + prev : prev;
    yaml += "]\n";
  }
  return yaml;
}

}  // namespace km::testing
