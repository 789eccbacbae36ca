#include "db/blockers.h"

#include <cstdio>
#include <cstdlib>

namespace km::db {
namespace {

constexpr const char* kBlockersSql = R"(
SELECT a.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''), coalesce(a.state, ''),
       coalesce((extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint, -1),
       CASE WHEN $2 THEN coalesce(a.query, '') ELSE '' END
FROM unnest(pg_blocking_pids($1::int)) AS b(pid)
JOIN pg_stat_activity a ON a.pid = b.pid
ORDER BY a.xact_start NULLS LAST, a.pid)";

}  // namespace

std::string Blocker::Describe() const {
  std::string out = "pid " + std::to_string(pid) + " (";
  out += user.empty() ? "unknown user" : "user " + user;
  if (!application_name.empty()) out += ", app " + application_name;
  if (!state.empty()) out += ", " + state;
  if (transaction_ms >= 0) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1fs", static_cast<double>(transaction_ms) / 1000.0);
    out += std::string(", transaction open ") + seconds;
  }
  return out + ")";
}

Result<std::vector<Blocker>> FindBlockers(Connection& monitor, int pid, bool with_query) {
  auto rows = monitor.Exec(kBlockersSql, {std::to_string(pid), with_query ? "true" : "false"});
  if (!rows) return rows.error().ToError().Wrap("looking up the sessions blocking pid " + std::to_string(pid));
  std::vector<Blocker> blockers;
  for (int i = 0; i < rows->size(); ++i) {
    Blocker b;
    b.pid = std::atoi(rows->Get(i, 0).c_str());
    b.user = rows->Get(i, 1);
    b.application_name = rows->Get(i, 2);
    b.state = rows->Get(i, 3);
    b.transaction_ms = std::atoll(rows->Get(i, 4).c_str());
    b.query = rows->Get(i, 5);
    blockers.push_back(std::move(b));
  }
  return blockers;
}

}  // namespace km::db
