// Pod log lines as `run` reads them: "<RFC 3339 timestamp> <text>" where the text may
// be one of the runner's JSON events (rendered for the terminal, the summary kept
// for the report). Each input line goes through the same steps as a streamed one.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/run_display.h"
#include "deploy/run.h"
#include "fuzz_support.h"
#include "kube/pod_logs.h"

namespace {

int Sign(int value) { return (value > 0) - (value < 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view log(reinterpret_cast<const char*>(data), size);
  km::kube::LogCursor cursor;
  std::string_view previous;
  size_t start = 0;
  while (start < log.size()) {
    size_t newline = log.find('\n', start);
    if (newline == std::string_view::npos) newline = log.size();
    std::string_view line = log.substr(start, newline - start);
    start = newline + 1;

    auto [timestamp, text] = km::kube::SplitTimestamp(line);
    km::fuzz::Check(Sign(km::kube::CompareTimestamps(timestamp, previous)) ==
                        -Sign(km::kube::CompareTimestamps(previous, timestamp)),
                    "CompareTimestamps is not antisymmetric");
    previous = timestamp;
    if (!cursor.Accept(timestamp)) continue;
    std::string event(text);
    (void)km::cli::RenderRunnerEvent(event, /*color=*/line.size() % 2 == 0);
    (void)km::deploy::ParseRunnerSummary(text);
  }
  return 0;
}
