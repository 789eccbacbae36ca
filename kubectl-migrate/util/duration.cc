#include "util/duration.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace km {

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto invalid = [&] {
    return MakeError(ExitCode::kUsage,
                     "not a duration (like 90s, 5m, 1m30s, 500ms): \"" + std::string(text) + "\"");
  };
  // Far beyond any timeout, and far from int64 milliseconds' limit.
  constexpr double kMaxMs = 1e15;
  if (text.empty()) return invalid();
  auto is_number_char = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds > kMaxMs / 1000) {
      return invalid();
    }
    return std::chrono::milliseconds(seconds * 1000);
  }
  double total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && is_number_char(text[i])) ++i;
    if (start == i) return invalid();
    double number = 0;
    auto [end, ec] = std::from_chars(text.data() + start, text.data() + i, number);
    if (ec != std::errc() || end != text.data() + i) return invalid();
    size_t unit_start = i;
    while (i < text.size() && !is_number_char(text[i])) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit == "ms") total_ms += number;
    else if (unit == "s") total_ms += number * 1000;
    else if (unit == "m") total_ms += number * 60'000;
    else if (unit == "h") total_ms += number * 3'600'000;
    else return invalid();
  }
  if (!(total_ms <= kMaxMs)) return invalid();
  return std::chrono::milliseconds(static_cast<int64_t>(total_ms + 0.5));
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  int64_t ms = duration.count();
  if (ms == 0) return "0";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace km
