#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "db/history_table.h"

namespace km::runner {

// What to do with a migration older than the newest applied one.
enum class OutOfOrder {
  kAuto,    // refuse for the journal layout (drizzle-orm 0.x skips it silently), apply for v1
            // folders (drizzle-orm v1 applies it: it decides by name)
  kRefuse,  // refuse, whatever the layout (exit 3, nothing run)
  kApply,   // apply it, with a warning event
};

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
  // How long to wait for another runner's advisory lock (--advisory-lock-timeout).
  std::chrono::milliseconds lock_timeout{60'000};
  // lock_timeout for every statement a migration runs (--ddl-lock-timeout):
  // how long live traffic can queue behind a DDL that waits for a lock. 0
  // leaves the server's setting alone. A migration's own SET wins.
  std::chrono::milliseconds ddl_lock_timeout{500};
  // statement_timeout for migrations (--statement-timeout); 0 leaves the
  // server's setting alone.
  std::chrono::milliseconds statement_timeout{0};
  // How long a migration may keep retrying lost lock waits, deadlocks and
  // serialization failures (--ddl-retry-budget); also bounds a concurrent
  // index build's waits. 0: no retries.
  std::chrono::milliseconds retry_budget{180'000};
  // Put the blocking sessions' query text in lock_blocked events.
  bool show_blocker_queries = false;
  TxMode tx_mode = TxMode::kPerMigration;
  OutOfOrder out_of_order = OutOfOrder::kAuto;
  // Add drizzle-orm v1's name/applied_at columns to a 0.x history table
  // (--upgrade-history-table); without it a 0.x table keeps its shape.
  bool upgrade_history_table = false;
  std::chrono::milliseconds alert_threshold{30'000};
};

// Whether out-of-order migrations of this layout are applied under `policy`.
inline bool AppliesOutOfOrder(OutOfOrder policy, bool folder_layout) {
  return policy == OutOfOrder::kApply || (policy == OutOfOrder::kAuto && folder_layout);
}

inline constexpr const char* kApplicationName = "kubectl-migrate";

}  // namespace km::runner
