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

// The table's columns as drizzle-orm sees them. 0.x: (id, hash, created_at).
// drizzle-orm v1 adds `name text` (the folder name) and `applied_at
// timestamptz default now()`; it tells the two apart by the `name` column.
struct HistoryShape {
  bool exists = false;
  bool has_name = false;
  bool has_applied_at = false;

  bool IsV1() const { return has_name; }
  const char* Label() const;  // "absent", "0.x", "v1"
};

Result<HistoryShape> ReadHistoryShape(Connection& connection, const HistoryTable& table);

// True when the table exists.
Result<bool> HistoryTableExists(Connection& connection, const HistoryTable& table);

// Creates schema and table exactly as drizzle-orm does, if missing: the 0.x
// shape, or drizzle-orm v1's (with name and applied_at) when `v1_columns`.
// An existing table is left as it is.
Status EnsureHistoryTable(Connection& connection, const HistoryTable& table, bool v1_columns = false);

// Adds drizzle-orm v1's two columns to a 0.x table, as drizzle-orm v1's own
// upgrade does (ADD COLUMN IF NOT EXISTS name text, applied_at timestamptz
// DEFAULT now()), and fills `name` of every row the reconciliation matched
// (applied_at stays null: the time is unknown), in one transaction.
Status UpgradeHistoryTable(Connection& connection, const HistoryTable& table,
                           const migrations::Reconciliation& reconciliation);

// Every row, by id, with `name` when the table has that column. An absent
// table reads as no rows.
Result<std::vector<migrations::AppliedRow>> ReadHistory(Connection& connection,
                                                         const HistoryTable& table);

// Records migrations in the table: prepares drizzle's INSERT once for the
// session, then runs it per migration. On a v1 table it writes `name` too,
// and applied_at = now() (the database's time); on a 0.x table only hash and
// created_at, as drizzle-orm 0.x does.
class HistoryRecorder {
 public:
  static Result<HistoryRecorder> Prepare(Connection& connection, const HistoryTable& table);
  Status Record(const migrations::Migration& migration);
  bool writes_name() const { return shape_.has_name; }

 private:
  HistoryRecorder(Connection& connection, std::string table, HistoryShape shape)
      : connection_(&connection), table_(std::move(table)), shape_(shape) {}
  Connection* connection_;
  std::string table_;  // for messages
  HistoryShape shape_;
};

}  // namespace km::db
