// CREATE INDEX CONCURRENTLY recognition (the runner drops an INVALID index of the
// parsed name before retrying a build, so a wrong name is a wrong DROP).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "migrations/concurrent_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view statement(reinterpret_cast<const char*>(data), size);
  if (auto build = km::migrations::ParseConcurrentIndexBuild(statement)) {
    km::fuzz::Check(!build->index.empty() && !build->table.empty(),
                    "an index build without an index or table name");
  }
  (void)km::migrations::SetsLockTimeout(statement);
  return 0;
}
