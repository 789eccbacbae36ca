#include "util/clock.h"

#include <ctime>

namespace km {

std::string FormatUnixMillis(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(unix_ms % 1000));
  return out;
}

std::string NowRfc3339() {
  auto now = std::chrono::system_clock::now();
  return FormatUnixMillis(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
}

}  // namespace km
