// The run history ConfigMap (records/): anyone who may edit ConfigMaps in the namespace
// writes what `logs`, `status` and the next `run` parse.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "records/run_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto history = km::records::ParseHistory(text, "configmap/x key runs.json");
  if (!history) {
    km::fuzz::Check(!history.error().message.empty(), "an error without a message");
    return 0;
  }
  // What is written back reads back as the same history.
  std::string once = km::records::HistoryJson(*history);
  auto again = km::records::ParseHistory(once, "written");
  km::fuzz::Check(again.ok(), "a history written from a parsed one does not parse");
  km::fuzz::Check(km::records::HistoryJson(*again) == once, "a history changes when read back");
  // The next run adds its record: still within the bounds, still readable.
  km::records::RunRecord record;
  record.job = "next";
  auto added = km::records::AddRecord(std::move(history).value(), record, 20);
  std::string json = km::records::HistoryJson(added);
  km::fuzz::Check(added.size() <= 20 && added.front().job == "next", "the new record is not first");
  km::fuzz::Check(added.size() == 1 || json.size() <= km::records::kMaxHistoryBytes, "the history outgrew its bound");
  km::fuzz::Check(km::records::ParseHistory(json, "added").ok(), "a history with a new record does not parse");
  return 0;
}
