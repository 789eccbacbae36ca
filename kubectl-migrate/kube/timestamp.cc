#include "kube/timestamp.h"

#include <cstdio>
#include <ctime>
#include <string>

namespace km::kube {

std::optional<int64_t> UnixMillisFromRfc3339(std::string_view text) {
  std::tm tm{};
  std::string copy(text);
  const char* rest = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  int64_t millis = 0;
  if (*rest == '.') {
    int64_t scale = 100;
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest) {
      millis += (*rest - '0') * scale;
      scale /= 10;
    }
  }
  int64_t offset_seconds = 0;
  if (*rest == 'Z' || *rest == 'z') {
    ++rest;
  } else if (*rest == '+' || *rest == '-') {
    int hours = 0, minutes = 0;
    if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
    offset_seconds = (hours * 3600 + minutes * 60) * (*rest == '+' ? 1 : -1);
    rest += 6;
  } else {
    return std::nullopt;
  }
  if (*rest != '\0') return std::nullopt;
  return (static_cast<int64_t>(timegm(&tm)) - offset_seconds) * 1000 + millis;
}

}  // namespace km::kube
