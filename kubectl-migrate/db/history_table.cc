#include "db/history_table.h"

#include <cstdlib>

namespace km::db {

std::string HistoryTable::Qualified() const {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(table);
}

std::string HistoryTable::Display() const { return schema + "." + table; }

Result<bool> HistoryTableExists(Connection& connection, const HistoryTable& table) {
  auto rows = connection.Exec("SELECT to_regclass($1) IS NOT NULL", {table.Qualified()});
  if (!rows) return rows.error().ToError().Wrap("checking for " + table.Display());
  return rows->Get(0, 0) == "t";
}

Status EnsureHistoryTable(Connection& connection, const HistoryTable& table) {
  const std::string sql = "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(table.schema) +
                          ";\nCREATE TABLE IF NOT EXISTS " + table.Qualified() +
                          " (\n\t\t\tid SERIAL PRIMARY KEY,\n\t\t\thash text NOT NULL,\n\t\t\t"
                          "created_at bigint\n\t\t)";
  auto result = connection.Exec(sql);
  if (!result) return result.error().ToError().Wrap("creating " + table.Display());
  return Ok();
}

Result<std::vector<migrations::AppliedRow>> ReadHistory(Connection& connection,
                                                         const HistoryTable& table) {
  KM_TRY_ASSIGN(bool exists, HistoryTableExists(connection, table));
  if (!exists) return std::vector<migrations::AppliedRow>{};
  auto rows = connection.Exec("SELECT id, hash, created_at FROM " + table.Qualified() + " ORDER BY id");
  if (!rows) {
    Error error = rows.error().ToError();
    if (!rows.error().connection_lost) error.code = ExitCode::kValidation;
    return error.Wrap("reading " + table.Display() + " (is it drizzle's migrations table?)");
  }
  std::vector<migrations::AppliedRow> history;
  history.reserve(rows->size());
  for (int i = 0; i < rows->size(); ++i) {
    migrations::AppliedRow row;
    row.id = std::strtoll(rows->Get(i, 0).c_str(), nullptr, 10);
    row.hash = rows->Get(i, 1);
    if (!rows->IsNull(i, 2)) row.created_at = std::strtoll(rows->Get(i, 2).c_str(), nullptr, 10);
    history.push_back(std::move(row));
  }
  return history;
}

namespace {

constexpr const char* kInsertStatement = "km_insert_history";

// The INSERT drizzle-orm runs after each migration ($1 hash, $2 created_at).
std::string InsertHistorySql(const HistoryTable& table) {
  return "INSERT INTO " + table.Qualified() + " (\"hash\", \"created_at\") VALUES ($1, $2)";
}

}  // namespace

Result<HistoryRecorder> HistoryRecorder::Prepare(Connection& connection, const HistoryTable& table) {
  auto prepared = connection.Prepare(kInsertStatement, InsertHistorySql(table), 2);
  if (!prepared) return prepared.error().ToError().Wrap("preparing the insert into " + table.Display());
  return HistoryRecorder(connection, table.Display());
}

Status HistoryRecorder::Record(const std::string& hash, int64_t created_at) {
  auto result = connection_->ExecPrepared(kInsertStatement, {hash, std::to_string(created_at)});
  if (!result) return result.error().ToError().Wrap("recording it in " + table_);
  return Ok();
}

}  // namespace km::db
