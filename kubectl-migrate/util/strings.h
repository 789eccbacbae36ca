#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace km {

// The items with `separator` between each two: {"a", "b"} → "a, b"; {} → "".
std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace km
