#include "db/history_table.h"

#include <cstdlib>

namespace km::db {

std::string HistoryTable::Qualified() const {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(table);
}

std::string HistoryTable::Display() const { return schema + "." + table; }

const char* HistoryShape::Label() const {
  if (!exists) return "absent";
  return has_name ? "v1" : "0.x";
}

Result<bool> HistoryTableExists(Connection& connection, const HistoryTable& table) {
  auto rows = connection.Exec("SELECT to_regclass($1) IS NOT NULL", {table.Qualified()});
  if (!rows) return rows.error().ToError().Wrap("checking for " + table.Display());
  return rows->Get(0, 0) == "t";
}

Result<HistoryShape> ReadHistoryShape(Connection& connection, const HistoryTable& table) {
  HistoryShape shape;
  KM_TRY_ASSIGN(shape.exists, HistoryTableExists(connection, table));
  if (!shape.exists) return shape;
  auto rows = connection.Exec(
      "SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass($1) "
      "AND a.attnum > 0 AND NOT a.attisdropped",
      {table.Qualified()});
  if (!rows) return rows.error().ToError().Wrap("reading the columns of " + table.Display());
  for (int i = 0; i < rows->size(); ++i) {
    shape.has_name |= rows->Get(i, 0) == "name";
    shape.has_applied_at |= rows->Get(i, 0) == "applied_at";
  }
  return shape;
}

Status EnsureHistoryTable(Connection& connection, const HistoryTable& table, bool v1_columns) {
  const std::string sql = "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(table.schema) +
                          ";\nCREATE TABLE IF NOT EXISTS " + table.Qualified() +
                          " (\n\t\t\tid SERIAL PRIMARY KEY,\n\t\t\thash text NOT NULL,\n\t\t\t"
                          "created_at bigint" +
                          (v1_columns ? ",\n\t\t\tname text,\n\t\t\tapplied_at timestamp with time zone "
                                        "DEFAULT now()"
                                      : "") +
                          "\n\t\t)";
  auto result = connection.Exec(sql);
  if (!result) return result.error().ToError().Wrap("creating " + table.Display());
  return Ok();
}

Status UpgradeHistoryTable(Connection& connection, const HistoryTable& table,
                           const migrations::Reconciliation& reconciliation) {
  auto fail = [&](const SqlError& error) {
    (void)connection.Exec("ROLLBACK");
    return error.ToError().Wrap("upgrading " + table.Display() + " to drizzle-orm v1's columns");
  };
  if (auto begin = connection.Exec("BEGIN"); !begin) return fail(begin.error());
  for (const char* column : {"name text", "applied_at timestamp with time zone DEFAULT now()"}) {
    auto added = connection.Exec("ALTER TABLE " + table.Qualified() + " ADD COLUMN IF NOT EXISTS " + column);
    if (!added) return fail(added.error());
  }
  for (const auto& status : reconciliation.statuses) {
    if (!status.row || status.row->name) continue;
    auto named = connection.Exec("UPDATE " + table.Qualified() +
                                     " SET \"name\" = $1, \"applied_at\" = NULL WHERE \"id\" = $2",
                                 {status.migration->history_name, std::to_string(status.row->id)});
    if (!named) return fail(named.error());
  }
  if (auto commit = connection.Exec("COMMIT"); !commit) return fail(commit.error());
  return Ok();
}

Result<std::vector<migrations::AppliedRow>> ReadHistory(Connection& connection,
                                                         const HistoryTable& table) {
  KM_TRY_ASSIGN(HistoryShape shape, ReadHistoryShape(connection, table));
  if (!shape.exists) return std::vector<migrations::AppliedRow>{};
  auto rows = connection.Exec(std::string("SELECT id, hash, created_at") + (shape.has_name ? ", name" : "") +
                              " FROM " + table.Qualified() + " ORDER BY id");
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
    if (shape.has_name && !rows->IsNull(i, 3)) row.name = rows->Get(i, 3);
    history.push_back(std::move(row));
  }
  return history;
}

namespace {

constexpr const char* kInsertStatement = "km_insert_history";

// The INSERT drizzle-orm runs after each migration ($1 hash, $2 created_at,
// and on a v1 table $3 name); applied_at is the database's clock, like
// drizzle-orm v1's column default.
std::string InsertHistorySql(const HistoryTable& table, const HistoryShape& shape) {
  if (!shape.has_name) {
    return "INSERT INTO " + table.Qualified() + " (\"hash\", \"created_at\") VALUES ($1, $2)";
  }
  if (!shape.has_applied_at) {
    return "INSERT INTO " + table.Qualified() + " (\"hash\", \"created_at\", \"name\") VALUES ($1, $2, $3)";
  }
  return "INSERT INTO " + table.Qualified() +
         " (\"hash\", \"created_at\", \"name\", \"applied_at\") VALUES ($1, $2, $3, now())";
}

}  // namespace

Result<HistoryRecorder> HistoryRecorder::Prepare(Connection& connection, const HistoryTable& table) {
  KM_TRY_ASSIGN(HistoryShape shape, ReadHistoryShape(connection, table));
  auto prepared = connection.Prepare(kInsertStatement, InsertHistorySql(table, shape), shape.has_name ? 3 : 2);
  if (!prepared) return prepared.error().ToError().Wrap("preparing the insert into " + table.Display());
  return HistoryRecorder(connection, table.Display(), shape);
}

Status HistoryRecorder::Record(const migrations::Migration& migration) {
  std::vector<Param> params = {migration.hash, std::to_string(migration.when)};
  if (shape_.has_name) params.push_back(migration.history_name);
  auto result = connection_->ExecPrepared(kInsertStatement, params);
  if (!result) return result.error().ToError().Wrap("recording it in " + table_);
  return Ok();
}

}  // namespace km::db
