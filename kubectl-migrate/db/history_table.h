#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"
#include "migrations/reconcile.h"
#include "util/result.h"

namespace km::db {

// drizzle-orm's migrations table. Defaults match drizzle-orm's migrator;
// projects that override migrations.schema/table in drizzle.config.ts must
// pass the same names (--migrations-schema, --migrations-table).
struct HistoryTable {
  std::string schema = "drizzle";
  std::string table = "__drizzle_migrations";

  std::string Qualified() const;  // "drizzle"."__drizzle_migrations"
  std::string Display() const;    // drizzle.__drizzle_migrations
};

// True when the table exists.
Result<bool> HistoryTableExists(Connection& connection, const HistoryTable& table);

// Creates schema and table exactly as drizzle-orm does, if missing.
Status EnsureHistoryTable(Connection& connection, const HistoryTable& table);

// Every row, by id. An absent table reads as no rows.
Result<std::vector<migrations::AppliedRow>> ReadHistory(Connection& connection,
                                                         const HistoryTable& table);

// Records migrations in the table: prepares drizzle's INSERT once for the
// session, then runs it per migration.
class HistoryRecorder {
 public:
  static Result<HistoryRecorder> Prepare(Connection& connection, const HistoryTable& table);
  Status Record(const std::string& hash, int64_t created_at);

 private:
  HistoryRecorder(Connection& connection, std::string table)
      : connection_(&connection), table_(std::move(table)) {}
  Connection* connection_;
  std::string table_;  // for messages
};

}  // namespace km::db
