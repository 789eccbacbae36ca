#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace km {

using SteadyClock = std::chrono::steady_clock;

// Milliseconds elapsed since `start`, for durations in reports.
inline int64_t MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

// Current UTC time as RFC 3339 with milliseconds: 2026-11-24T13:35:32.082Z.
std::string NowRfc3339();

// Formats Unix milliseconds as RFC 3339 UTC.
std::string FormatUnixMillis(int64_t unix_ms);

}  // namespace km
