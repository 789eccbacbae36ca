#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace km::db {

// A failed statement, with the fields PostgreSQL reports.
struct SqlError {
  std::string sqlstate;  // "42P01"; empty when the server never answered
  std::string message;
  std::string detail;
  std::string hint;
  int position = 0;             // 1-based character in the statement; 0 if unknown
  bool connection_lost = false;  // the connection broke (server gone, network)

  // "ERROR 42P01: relation \"x\" does not exist (at character 15); DETAIL: …; HINT: …"
  std::string Describe() const;
  // Lost a lock wait, a deadlock or a serialization failure: the transaction
  // was rolled back and running it again may succeed.
  bool Retryable() const;
  // The exit code this maps to: kDatabaseUnreachable when the connection was
  // lost or the server is shutting down, kInterrupted for a query cancelled by
  // our own SIGINT/SIGTERM handler, kRetryExhausted when Retryable(), else
  // kMigrationFailed (fails the same way again).
  Error ToError() const;
};

// The rows of a successful query (text format).
class Rows {
 public:
  explicit Rows(PGresult* result);
  Rows(Rows&& other) noexcept;
  Rows& operator=(Rows&& other) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  ~Rows();

  int size() const;
  std::string CommandTag() const;  // "COMMIT", "ROLLBACK", "INSERT 0 1", ...
  bool IsNull(int row, int column) const;
  std::string Get(int row, int column) const;

 private:
  PGresult* result_;
};

using Param = std::optional<std::string>;  // nullopt is SQL NULL

// One libpq connection. Not thread-safe; one per purpose (the lock has its own).
class Connection {
 public:
  // Connects with the URL or keyword/value string; application_name is set
  // to `application_name`. Errors never contain the password.
  static Result<Connection> Open(const std::string& conninfo, std::string_view application_name);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs SQL text with the simple query protocol (several statements allowed).
  Result<Rows, SqlError> Exec(std::string_view sql);
  // Like Exec(sql), but calls `still_running(elapsed)` every `every` while
  // the server has not answered yet (to look at who blocks it from another
  // connection). COPY FROM STDIN is refused (there is no data to send).
  Result<Rows, SqlError> ExecWatched(std::string_view sql, std::chrono::milliseconds every,
                                     const std::function<void(std::chrono::milliseconds)>& still_running);
  // Runs one statement with $1.. parameters.
  Result<Rows, SqlError> Exec(std::string_view sql, const std::vector<Param>& params);

  // Parses `sql` once as the named statement of this session, for statements
  // run many times (saves the server a parse and plan per call).
  Result<Rows, SqlError> Prepare(const std::string& name, std::string_view sql, int params);
  Result<Rows, SqlError> ExecPrepared(const std::string& name, const std::vector<Param>& params);

  int BackendPid() const;
  // Inside a transaction block (also a failed one) rather than idle.
  bool InTransaction() const;
  PGconn* raw() { return conn_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  Result<Rows, SqlError> Check(PGresult* result);

  PGconn* conn_ = nullptr;
};

// "ident" → "\"ident\"" with embedded quotes doubled.
std::string QuoteIdentifier(std::string_view identifier);

// Connection errors mention the target without its password.
std::string DescribeTarget(const std::string& conninfo);

}  // namespace km::db
