// meta/_journal.json from a pull request: ParseJournal, and what it promises
// about the tags it accepts (they become file names).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "fuzz_support.h"
#include "migrations/journal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto journal = km::migrations::ParseJournal(json, "meta/_journal.json");
  if (!journal) {
    km::fuzz::Check(!journal.error().message.empty(), "an error without a message");
    return 0;
  }
  km::fuzz::Check(journal->dialect.empty() || journal->dialect == "postgresql" ||
                      journal->dialect == "pg",
                  "accepted a dialect other than postgresql");
  std::set<std::string_view> tags;
  for (const auto& entry : journal->entries) {
    km::fuzz::Check(!entry.tag.empty(), "accepted an empty tag");
    km::fuzz::Check(entry.tag.find('/') == std::string::npos &&
                        entry.tag.find('\\') == std::string::npos &&
                        entry.tag.find("..") == std::string::npos,
                    "accepted a tag that leaves the folder");
    km::fuzz::Check(tags.insert(entry.tag).second, "accepted a repeated tag");
  }
  return 0;
}
