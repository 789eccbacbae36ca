#include "db/connection.h"

#include <libpq-fe.h>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <vector>

#include "db/interrupt.h"
#include "util/redact.h"

namespace km::db {
namespace {

std::string Field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value ? value : "";
}

std::string TrimNewlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The connection string as libpq parses it; null when it cannot.
using ConninfoOptions = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;
ConninfoOptions ParseConninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  return ConninfoOptions(options, &PQconninfoFree);
}

// Whether the parsed conninfo (URL or key=value) sets `keyword` itself.
bool ConninfoSets(const ConninfoOptions& options, std::string_view keyword) {
  for (PQconninfoOption* o = options.get(); o && o->keyword; ++o) {
    if (std::string_view(o->keyword) == keyword && o->val && *o->val) return true;
  }
  return false;
}

bool EnvSets(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// libpq's multi-line messages ("...refused\n\tIs the server running...") as
// one line, so every error stays one line on stderr.
std::string OneLine(std::string text) {
  text = TrimNewlines(std::move(text));
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out.push_back(text[i]);
      continue;
    }
    while (i + 1 < text.size() && (text[i + 1] == '\t' || text[i + 1] == ' ' || text[i + 1] == '\n')) ++i;
    out += "; ";
  }
  return out;
}

}  // namespace

std::string SqlError::Describe() const {
  std::string out = sqlstate.empty() ? message : "ERROR " + sqlstate + ": " + message;
  if (position > 0) out += " (at character " + std::to_string(position) + ")";
  if (!detail.empty()) out += "; DETAIL: " + detail;
  if (!hint.empty()) out += "; HINT: " + hint;
  return out;
}

bool SqlError::Retryable() const {
  // 55P03 lock_not_available (lock_timeout, NOWAIT), 40001 serialization
  // failure, 40P01 deadlock: the transaction was rolled back and the same
  // work can succeed once the other session is gone.
  return !connection_lost && (sqlstate == "55P03" || sqlstate == "40001" || sqlstate == "40P01");
}

Error SqlError::ToError() const {
  if (connection_lost) return MakeError(ExitCode::kDatabaseUnreachable, "connection lost: " + Describe());
  // 57014 is also statement_timeout or a DBA's pg_cancel_backend: only our
  // own signal handler's cancel means "interrupted".
  if (sqlstate == "57014" && Interrupted()) return MakeError(ExitCode::kInterrupted, Describe());
  // The server is shutting down (57P01..57P03): another attempt may work.
  if (sqlstate.starts_with("57P")) return MakeError(ExitCode::kDatabaseUnreachable, Describe());
  if (Retryable()) return MakeError(ExitCode::kRetryExhausted, Describe());
  return MakeError(ExitCode::kMigrationFailed, Describe());
}

Rows::Rows(PGresult* result) : result_(result) {}
Rows::Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}
Rows::~Rows() {
  if (result_) PQclear(result_);
}
int Rows::size() const { return result_ ? PQntuples(result_) : 0; }
std::string Rows::CommandTag() const { return result_ ? PQcmdStatus(result_) : ""; }
bool Rows::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) == 1; }
std::string Rows::Get(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}

std::string DescribeTarget(const std::string& conninfo) { return RedactConnectionString(conninfo); }

Result<Connection> Connection::Open(const std::string& conninfo, std::string_view application_name) {
  if (std::string problem = UrlPasswordProblem(conninfo); !problem.empty()) {
    return MakeError(ExitCode::kUsage, "cannot connect to " + DescribeTarget(conninfo) + ": " + problem);
  }
  std::string app(application_name);
  const ConninfoOptions parsed = ParseConninfo(conninfo);
  // dbname is expanded (URL or key=value); later keywords override it.
  // client_encoding is forced, as drizzle's driver (node-postgres) does: SQL
  // files are UTF-8 whatever the database's or the role's default.
  std::vector<const char*> keywords = {"dbname", "application_name", "client_encoding"};
  std::vector<const char*> values = {conninfo.c_str(), app.c_str(), "UTF8"};
  // Defaults only where neither the URL nor the environment chose: a bounded
  // connect, and TCP keepalives so that a runner cut off by a partition stops
  // holding its advisory lock within about a minute (the server's own
  // keepalive defaults would keep it for two hours).
  auto default_to = [&](const char* keyword, const char* env, const char* value) {
    if (ConninfoSets(parsed, keyword) || (env != nullptr && EnvSets(env))) return;
    keywords.push_back(keyword);
    values.push_back(value);
  };
  default_to("connect_timeout", "PGCONNECT_TIMEOUT", "10");
  default_to("keepalives_idle", nullptr, "15");
  default_to("keepalives_interval", nullptr, "5");
  default_to("keepalives_count", nullptr, "3");
  default_to("tcp_user_timeout", nullptr, "30000");
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) return MakeError(ExitCode::kDatabaseUnreachable, "out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq never echoes the password; masking its occurrences in the text
    // would only reveal it ("user \"***\"").
    std::string message = OneLine(PQerrorMessage(conn));
    // A string libpq cannot parse is quoted in its error, password included.
    if (!parsed) message = RedactQuotedPassword(message, conninfo);
    PQfinish(conn);
    return MakeError(ExitCode::kDatabaseUnreachable,
                     "cannot connect to " + DescribeTarget(conninfo) + ": " + message);
  }
  // NOTICEs ("schema already exists, skipping") are not errors; keep stderr clean.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return Connection(conn);
}

Connection::Connection(Connection&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = other.conn_;
    other.conn_ = nullptr;
  }
  return *this;
}
Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

int Connection::BackendPid() const { return PQbackendPID(conn_); }

bool Connection::InTransaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Result<Rows, SqlError> Connection::Check(PGresult* result) {
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return Rows(result);
  }
  SqlError error;
  if (result) {
    error.sqlstate = Field(result, PG_DIAG_SQLSTATE);
    error.message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
    error.detail = Field(result, PG_DIAG_MESSAGE_DETAIL);
    error.hint = Field(result, PG_DIAG_MESSAGE_HINT);
    std::string position = Field(result, PG_DIAG_STATEMENT_POSITION);
    if (!position.empty()) error.position = std::atoi(position.c_str());
    PQclear(result);
  }
  if (error.message.empty()) error.message = OneLine(PQerrorMessage(conn_));
  error.connection_lost = PQstatus(conn_) != CONNECTION_OK;
  return error;
}

Result<Rows, SqlError> Connection::Exec(std::string_view sql) {
  std::string text(sql);
  return Check(PQexec(conn_, text.c_str()));
}

Result<Rows, SqlError> Connection::ExecWatched(
    std::string_view sql, std::chrono::milliseconds every,
    const std::function<void(std::chrono::milliseconds)>& still_running) {
  std::string text(sql);
  if (!PQsendQuery(conn_, text.c_str())) return Check(nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto next = start + every;
  while (PQisBusy(conn_)) {
    auto now = std::chrono::steady_clock::now();
    if (now >= next) {
      if (still_running) {
        still_running(std::chrono::duration_cast<std::chrono::milliseconds>(now - start));
      }
      next = now + every;
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    pollfd socket{PQsocket(conn_), POLLIN, 0};
    int ready = poll(&socket, 1, static_cast<int>(std::max<int64_t>(wait, 1)));
    if (ready < 0 && errno != EINTR) break;  // PQgetResult below reports the broken connection
    if (ready > 0 && !PQconsumeInput(conn_)) break;
  }
  // A multi-statement string yields one result per statement: keep the
  // first error, else the last result (what PQexec returns).
  PGresult* kept = nullptr;
  bool failed = false;
  while (PGresult* result = PQgetResult(conn_)) {
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COPY_IN) {
      PQclear(result);
      PQputCopyEnd(conn_, "COPY FROM STDIN cannot be used in a migration (no data follows it)");
      continue;
    }
    if (status == PGRES_COPY_OUT) {
      PQclear(result);
      char* row = nullptr;
      while (PQgetCopyData(conn_, &row, 0) > 0) PQfreemem(row);
      continue;
    }
    const bool error = status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
                       status != PGRES_EMPTY_QUERY;
    if (failed) {
      PQclear(result);
      continue;
    }
    if (kept) PQclear(kept);
    kept = result;
    failed = error;
  }
  return Check(kept);
}

Result<Rows, SqlError> Connection::Exec(std::string_view sql, const std::vector<Param>& params) {
  std::string text(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return Check(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0));
}

Result<Rows, SqlError> Connection::Prepare(const std::string& name, std::string_view sql,
                                           int params) {
  std::string text(sql);
  return Check(PQprepare(conn_, name.c_str(), text.c_str(), params, nullptr));
}

Result<Rows, SqlError> Connection::ExecPrepared(const std::string& name,
                                                const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return Check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                              nullptr, nullptr, 0));
}

std::string QuoteIdentifier(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  out.push_back('"');
  return out;
}

}  // namespace km::db
