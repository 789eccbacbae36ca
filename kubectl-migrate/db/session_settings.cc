#include "db/session_settings.h"

#include <libpq-fe.h>

#include <string>

namespace km::db {

namespace {

// The SETs of ApplyRunnerSessionSettings for this server's version.
std::string RunnerSettingsSql(Connection& connection) {
  const int version = PQserverVersion(connection.raw());
  std::string sql =
      "SET tcp_keepalives_idle = 15; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3;";
  if (version >= 120000) sql += " SET tcp_user_timeout = 30000;";
  if (version >= 140000) {
    sql += " SET client_connection_check_interval = '1s'; SET idle_session_timeout = 0;";
  }
  return sql;
}

}  // namespace

Status ApplyRunnerSessionSettings(Connection& connection) {
  auto result = connection.Exec(RunnerSettingsSql(connection));
  if (!result) return result.error().ToError().Wrap("setting up the runner's session");
  return Ok();
}

Status ResetSession(Connection& connection) {
  // One round trip per migration: the resets and the runner's settings together.
  auto result =
      connection.Exec("RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION; " + RunnerSettingsSql(connection));
  if (!result) return result.error().ToError().Wrap("resetting the session after a migration");
  return Ok();
}

}  // namespace km::db
