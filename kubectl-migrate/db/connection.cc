#include "db/connection.h"

#include <libpq-fe.h>

#include <cstdlib>

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

// The password given in a conninfo, to scrub it from libpq messages.
std::string PasswordOf(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  std::string password;
  for (PQconninfoOption* o = options; o && o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) password = o->val;
  }
  if (options) PQconninfoFree(options);
  return password;
}

}  // namespace

std::string SqlError::Describe() const {
  std::string out = sqlstate.empty() ? message : "ERROR " + sqlstate + ": " + message;
  if (position > 0) out += " (at character " + std::to_string(position) + ")";
  if (!detail.empty()) out += "; DETAIL: " + detail;
  if (!hint.empty()) out += "; HINT: " + hint;
  return out;
}

Error SqlError::ToError() const {
  if (connection_lost) return MakeError(ExitCode::kDatabaseUnreachable, "connection lost: " + Describe());
  if (sqlstate == "57014") return MakeError(ExitCode::kInterrupted, Describe());
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
bool Rows::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) == 1; }
std::string Rows::Get(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}

std::string DescribeTarget(const std::string& conninfo) { return RedactConnectionString(conninfo); }

Result<Connection> Connection::Open(const std::string& conninfo, std::string_view application_name) {
  std::string app(application_name);
  // dbname is expanded (URL or key=value); later keywords override it.
  const char* keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
  const char* timeout = std::getenv("PGCONNECT_TIMEOUT");
  const char* values[] = {conninfo.c_str(), app.c_str(), timeout ? timeout : "10", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return MakeError(ExitCode::kDatabaseUnreachable, "out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = RedactSecret(TrimNewlines(PQerrorMessage(conn)), PasswordOf(conninfo));
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
  if (error.message.empty()) error.message = TrimNewlines(PQerrorMessage(conn_));
  error.connection_lost = PQstatus(conn_) != CONNECTION_OK;
  return error;
}

Result<Rows, SqlError> Connection::Exec(std::string_view sql) {
  std::string text(sql);
  return Check(PQexec(conn_, text.c_str()));
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
