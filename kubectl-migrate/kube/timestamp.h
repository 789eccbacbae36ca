#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace km::kube {

// Unix milliseconds of an RFC 3339 time as the API writes it ("2025-01-02T03:04:05Z",
// "…05.123456Z", "…05+02:00"); nullopt when it is not one.
std::optional<int64_t> UnixMillisFromRfc3339(std::string_view text);

}  // namespace km::kube
