#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "db/history_table.h"

namespace km::runner {

enum class TxMode {
  kPerMigration,  // one transaction per migration (default)
  kAll,           // one transaction around every pending migration, like drizzle-orm
};

// Everything the database commands need, parsed from flags and environment.
struct RunnerOptions {
  std::string database_url;  // never printed as is: see RedactConnectionString
  std::string dir = "migrations";
  db::HistoryTable table;
  int64_t lock_id = 123456789;
  std::chrono::milliseconds lock_timeout{60'000};
  TxMode tx_mode = TxMode::kPerMigration;
  bool allow_out_of_order = false;
  std::chrono::milliseconds alert_threshold{30'000};
};

inline constexpr const char* kApplicationName = "kubectl-migrate";

}  // namespace km::runner
