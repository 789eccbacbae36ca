#pragma once

#include "db/connection.h"
#include "util/result.h"

namespace km::db {

// Settings every runner session carries, whatever the role or database
// defaults say:
// - client_connection_check_interval (PostgreSQL 14+): a runner killed
//   mid-statement stops its busy backend, which rolls back and unlocks;
// - idle_session_timeout = 0 (14+): the session holding the advisory lock is
//   never ended for being idle between migrations;
// - tcp_keepalives_* and tcp_user_timeout: the server notices a runner cut
//   off by a network partition within about 30 s and frees its lock, instead
//   of after the kernel's two-hour keepalive default.
// Settings the server does not know (older versions) are left out.
Status ApplyRunnerSessionSettings(Connection& connection);

// Undoes whatever a migration changed in the session (SET search_path,
// SET statement_timeout, SET ROLE, ...) so that the next migration starts
// from the same state whether or not it runs in the same process: RESET ALL,
// RESET ROLE, RESET SESSION AUTHORIZATION, then ApplyRunnerSessionSettings.
Status ResetSession(Connection& connection);

}  // namespace km::db
