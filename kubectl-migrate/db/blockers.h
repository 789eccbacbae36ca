#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"
#include "util/result.h"

namespace km::db {

// A session that holds (or waits ahead of us for) a lock a statement of ours
// waits for, from pg_blocking_pids() and pg_stat_activity.
struct Blocker {
  int pid = 0;
  std::string user;
  std::string application_name;
  std::string state;          // active, idle in transaction, ...
  int64_t transaction_ms = -1;  // how long its transaction has been open; -1: none
  std::string query;          // filled only when asked for: it can hold data

  // "pid 4242 (user report, app metabase, idle in transaction, transaction open 12.3s)"
  std::string Describe() const;
};

// The sessions blocking backend `pid` right now (empty when it is not
// waiting for a lock). Run on a connection other than `pid`'s.
Result<std::vector<Blocker>> FindBlockers(Connection& monitor, int pid, bool with_query);

}  // namespace km::db
