#pragma once

#include <cstddef>
#include <string_view>

namespace km {

// How deep JSON from outside may nest. rapidjson parses recursively, and so do the
// walks over a parsed document (copies, serialisation, duplicate-key checks): a
// megabyte of '[' overflows the stack and ends the process. Real documents (journals,
// Kubernetes objects, GitHub responses) nest a few dozen levels.
inline constexpr size_t kMaxJsonDepth = 1000;

// True when `text` opens more than kMaxJsonDepth arrays or objects inside each other
// (brackets in strings do not count). Call before parsing JSON from outside.
bool JsonNestedTooDeep(std::string_view text);

}  // namespace km
