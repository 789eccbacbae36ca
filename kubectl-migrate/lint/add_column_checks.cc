#include <array>

#include "lint/checks.h"
#include "lint/expressions.h"

namespace km::lint {
namespace {

bool IsSerial(const std::string& type) {
  constexpr std::array<std::string_view, 6> kSerials = {"serial",  "bigserial", "smallserial",
                                                        "serial4", "serial8",   "serial2"};
  for (std::string_view serial : kSerials) {
    if (type == serial) return true;
  }
  return false;
}

// What fills every existing row with a value computed per row, or "".
std::string PerRowFill(const ColumnType& type, const std::vector<const Node*>& constraints) {
  if (IsSerial(type.name)) return "its type " + type.name + " takes nextval() for every row";
  for (const Node* item : constraints) {
    const Node* constraint = Unwrap(item, "Constraint");
    const std::string kind = StringOf(constraint, "contype");
    if (kind == "CONSTR_IDENTITY") return "an identity column numbers every row";
    if (kind == "CONSTR_GENERATED") return "a stored generated column is computed for every row";
    if (kind == "CONSTR_DEFAULT") {
      std::string call = VolatileCall(Member(constraint, "raw_expr"));
      if (!call.empty()) return "its default " + call + " is volatile (or not known to be stable)";
    }
  }
  return "";
}

}  // namespace

void CheckAddColumn(const std::string& table, const Node* column_def, CheckContext& context) {
  const std::string column = StringOf(column_def, "colname");
  const ColumnType type = TypeOf(Member(column_def, "typeName"));
  const bool new_table = context.model.IsNewTable(table);
  context.model.AddColumn(table, column, type, context.creates_new);
  if (new_table) return;

  const std::vector<const Node*> constraints = ListOf(column_def, "constraints");
  const std::string fill = PerRowFill(type, constraints);
  if (!fill.empty()) {
    context.Report(rule::kVolatileDefault, table,
                   "adding column \"" + column + "\" to " + QuotedTable(table) +
                       " rewrites every row: " + fill);
  }
  bool not_null = false;
  bool has_default = !fill.empty();
  for (const Node* item : constraints) {
    const Node* constraint = Unwrap(item, "Constraint");
    const std::string kind = StringOf(constraint, "contype");
    if (kind == "CONSTR_NOTNULL" || kind == "CONSTR_PRIMARY") not_null = true;
    if (kind == "CONSTR_DEFAULT") has_default = true;
    if (kind == "CONSTR_PRIMARY" || kind == "CONSTR_UNIQUE" || kind == "CONSTR_FOREIGN" ||
        kind == "CONSTR_CHECK") {
      CheckAddConstraint(table, constraint, context);
    }
  }
  if (not_null && !has_default) {
    context.Report(rule::kNotNullWithoutDefault, table,
                   "adding NOT NULL column \"" + column + "\" without a default to " +
                       QuotedTable(table) + " fails as soon as the table has a row");
  }
}

}  // namespace km::lint
