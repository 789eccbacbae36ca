#include "lock_probe.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include "database.h"

namespace km::testing {

ApplicationProbe::ApplicationProbe(const std::string& url, const std::string& sql) {
  thread_ = std::thread([this, url, sql] {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      ADD_FAILURE() << "probe cannot connect: " << PQerrorMessage(conn);
      PQfinish(conn);
      return;
    }
    while (!stop_.load()) {
      auto start = std::chrono::steady_clock::now();
      PGresult* result = PQexec(conn, sql.c_str());
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                    .count();
      if (PQresultStatus(result) != PGRES_TUPLES_OK) ADD_FAILURE() << "probe: " << PQerrorMessage(conn);
      PQclear(result);
      if (ms > worst_ms_.load()) worst_ms_.store(ms);
      ++queries_;
      usleep(20'000);
    }
    PQfinish(conn);
  });
}

int64_t ApplicationProbe::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  return worst_ms_.load();
}

ApplicationProbe::~ApplicationProbe() { Stop(); }

std::unique_ptr<Subprocess> HoldTableForSeconds(const std::string& url, const std::string& table,
                                                double seconds) {
  std::string sep = url.find('?') == std::string::npos ? "?" : "&";
  auto holder = std::make_unique<Subprocess>(std::vector<std::string>{
      "psql", url + sep + "application_name=nightly-report", "-X", "-q", "-c",
      "BEGIN; SELECT count(*) FROM " + table + "; SELECT pg_sleep(" + std::to_string(seconds) + "); COMMIT;"});
  for (int i = 0; i < 200; ++i) {
    if (QueryValue(url,
                   "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                   "WHERE a.application_name = 'nightly-report' AND a.datname = current_database() "
                   "AND l.locktype = 'relation' "
                   "AND l.relation = '" +
                       table + "'::regclass AND l.granted") != "0") {
      return holder;
    }
    usleep(25'000);
  }
  ADD_FAILURE() << "the report query never took its lock on " << table;
  return holder;
}

}  // namespace km::testing
