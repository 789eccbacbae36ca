#pragma once

// What the linter knows of the schema while it walks the migrations in
// order: tables, their columns and types, indexes, and constraints added
// NOT VALID. A table or column created by a pending migration is new: it
// holds no rows the deploy could block on, and no running app reads it.

#include <map>
#include <optional>
#include <string>

#include "lint/node.h"

namespace km::lint {

struct ColumnState {
  ColumnType type;
  bool is_new = false;
  bool has_not_null_check = false;  // a validated CHECK (col IS NOT NULL): SET NOT NULL skips its scan
};

struct TableState {
  bool is_new = false;
  std::map<std::string, ColumnState> columns;
};

// A CHECK (col IS NOT NULL) constraint, remembered until it is validated.
struct NotNullCheck {
  std::string table;
  std::string column;
};

class SchemaModel {
 public:
  // Tables not seen in any migration (e.g. made by an init.sql) are existing.
  bool IsNewTable(const std::string& key) const;
  bool IsNewColumn(const std::string& key, const std::string& column) const;
  // The column's type when a migration declared it; nullopt when unknown.
  std::optional<ColumnType> TypeOf(const std::string& key, const std::string& column) const;

  TableState& CreateTable(const std::string& key, bool is_new);
  bool HasTable(const std::string& key) const { return tables_.contains(key); }
  void DropTable(const std::string& key);
  void RenameTable(const std::string& from, const std::string& to);

  void AddColumn(const std::string& key, const std::string& column, ColumnType type, bool is_new);
  void DropColumn(const std::string& key, const std::string& column);
  void RenameColumn(const std::string& key, const std::string& from, const std::string& to);
  void SetColumnType(const std::string& key, const std::string& column, ColumnType type);

  void AddIndex(const std::string& index_key, const std::string& table_key);
  // The table of an index created by an earlier migration; "" when unknown.
  std::string TableOfIndex(const std::string& index_key) const;

  // CHECK (col IS NOT NULL): `validated` now, or when ValidateConstraint names it.
  void AddNotNullCheck(const std::string& constraint, NotNullCheck check, bool validated);
  void ValidateConstraint(const std::string& constraint);
  bool HasNotNullCheck(const std::string& key, const std::string& column) const;

 private:
  ColumnState* Column(const std::string& key, const std::string& column);
  const ColumnState* Column(const std::string& key, const std::string& column) const;

  std::map<std::string, TableState> tables_;
  std::map<std::string, std::string> index_tables_;
  std::map<std::string, NotNullCheck> pending_not_null_checks_;  // by constraint name
};

}  // namespace km::lint
