#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "subprocess.h"

namespace km::testing {

// What the application sees while a migration runs: a loop of short queries
// on its own connection, remembering the slowest one.
class ApplicationProbe {
 public:
  // Starts querying `sql` on `url` every 20 ms until destroyed or Stop().
  ApplicationProbe(const std::string& url, const std::string& sql);
  ~ApplicationProbe();
  // Stops and returns the slowest query in milliseconds.
  int64_t Stop();
  int64_t queries() const { return queries_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> worst_ms_{0};
  std::atomic<int64_t> queries_{0};
  std::thread thread_;
};

// A reporting query holding ACCESS SHARE on `table` for `seconds`, from psql
// with application_name "nightly-report"; returns once the lock is granted.
std::unique_ptr<Subprocess> HoldTableForSeconds(const std::string& url, const std::string& table,
                                                double seconds);

}  // namespace km::testing
