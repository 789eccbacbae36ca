#include "lint/schema_model.h"

namespace km::lint {

bool SchemaModel::IsNewTable(const std::string& key) const {
  auto it = tables_.find(key);
  return it != tables_.end() && it->second.is_new;
}

bool SchemaModel::IsNewColumn(const std::string& key, const std::string& column) const {
  if (IsNewTable(key)) return true;
  const ColumnState* state = Column(key, column);
  return state != nullptr && state->is_new;
}

std::optional<ColumnType> SchemaModel::TypeOf(const std::string& key,
                                              const std::string& column) const {
  const ColumnState* state = Column(key, column);
  if (state == nullptr || !state->type.known()) return std::nullopt;
  return state->type;
}

TableState& SchemaModel::CreateTable(const std::string& key, bool is_new) {
  TableState& table = tables_[key];
  table = TableState{};
  table.is_new = is_new;
  return table;
}

void SchemaModel::DropTable(const std::string& key) { tables_.erase(key); }

void SchemaModel::RenameTable(const std::string& from, const std::string& to) {
  auto it = tables_.find(from);
  if (it == tables_.end()) return;
  TableState state = std::move(it->second);
  tables_.erase(it);
  tables_[to] = std::move(state);
}

void SchemaModel::AddColumn(const std::string& key, const std::string& column, ColumnType type,
                            bool is_new) {
  tables_[key].columns[column] = ColumnState{std::move(type), is_new, false};
}

void SchemaModel::DropColumn(const std::string& key, const std::string& column) {
  auto it = tables_.find(key);
  if (it != tables_.end()) it->second.columns.erase(column);
}

void SchemaModel::RenameColumn(const std::string& key, const std::string& from,
                               const std::string& to) {
  auto it = tables_.find(key);
  if (it == tables_.end()) return;
  auto column = it->second.columns.find(from);
  if (column == it->second.columns.end()) return;
  ColumnState state = column->second;
  it->second.columns.erase(column);
  it->second.columns[to] = state;
}

void SchemaModel::SetColumnType(const std::string& key, const std::string& column,
                                ColumnType type) {
  if (ColumnState* state = Column(key, column)) state->type = std::move(type);
}

void SchemaModel::AddIndex(const std::string& index_key, const std::string& table_key) {
  index_tables_[index_key] = table_key;
}

std::string SchemaModel::TableOfIndex(const std::string& index_key) const {
  auto it = index_tables_.find(index_key);
  return it == index_tables_.end() ? "" : it->second;
}

void SchemaModel::AddNotNullCheck(const std::string& constraint, NotNullCheck check,
                                  bool validated) {
  if (validated) {
    if (ColumnState* state = Column(check.table, check.column)) state->has_not_null_check = true;
    return;
  }
  pending_not_null_checks_[constraint] = std::move(check);
}

void SchemaModel::ValidateConstraint(const std::string& constraint) {
  auto it = pending_not_null_checks_.find(constraint);
  if (it == pending_not_null_checks_.end()) return;
  if (ColumnState* state = Column(it->second.table, it->second.column)) {
    state->has_not_null_check = true;
  }
  pending_not_null_checks_.erase(it);
}

bool SchemaModel::HasNotNullCheck(const std::string& key, const std::string& column) const {
  const ColumnState* state = Column(key, column);
  return state != nullptr && state->has_not_null_check;
}

ColumnState* SchemaModel::Column(const std::string& key, const std::string& column) {
  auto table = tables_.find(key);
  if (table == tables_.end()) return nullptr;
  auto it = table->second.columns.find(column);
  return it == table->second.columns.end() ? nullptr : &it->second;
}

const ColumnState* SchemaModel::Column(const std::string& key, const std::string& column) const {
  auto table = tables_.find(key);
  if (table == tables_.end()) return nullptr;
  auto it = table->second.columns.find(column);
  return it == table->second.columns.end() ? nullptr : &it->second;
}

}  // namespace km::lint
