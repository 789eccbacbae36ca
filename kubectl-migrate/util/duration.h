#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/result.h"

namespace km {

// Go-style durations as kubectl takes them: "300ms", "5s", "1m30s", "2h";
// a bare number is seconds. Anything else (negative, "5d", "", overflow) is a
// usage error: "not a duration (like 90s, 5m, 1m30s, 500ms): \"5d\"".
// Flags (cli::ParseDuration) and the project file read durations with this.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// A duration as ParseDuration reads it back: "1500ms", "90s", "0".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace km
