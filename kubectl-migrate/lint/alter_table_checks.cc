#include "lint/checks.h"
#include "lint/expressions.h"
#include "lint/type_change.h"

namespace km::lint {
namespace {

void CheckDropColumn(const std::string& table, const std::string& column, CheckContext& context) {
  if (!context.model.IsNewColumn(table, column)) {
    context.Report(rule::kDropColumn, table,
                   "dropping column \"" + column + "\" of " + QuotedTable(table) +
                       " deletes its data, and the previous app version (the rollback target) "
                       "still reads it");
  }
  context.model.DropColumn(table, column);
}

// USING that only restates the column (USING "col" or USING "col"::newtype) changes nothing.
bool TrivialUsing(const Node* expression, const std::string& column) {
  if (expression == nullptr) return true;
  const Node* cast = Unwrap(expression, "TypeCast");
  const Node* arg = cast != nullptr ? Member(cast, "arg") : expression;
  std::vector<std::string> fields = Names(Member(Unwrap(arg, "ColumnRef"), "fields"));
  return fields.size() == 1 && fields[0] == column;
}

void CheckAlterType(const std::string& table, const std::string& column, const Node* column_def,
                    CheckContext& context) {
  const ColumnType to = TypeOf(Member(column_def, "typeName"));
  const auto from = context.model.TypeOf(table, column);
  const bool new_table = context.model.IsNewTable(table);
  context.model.SetColumnType(table, column, to);
  if (new_table) return;
  std::string why;
  if (!TrivialUsing(Member(column_def, "raw_default"), column)) {
    why = "USING computes every row anew";
  } else if (!from) {
    why = "its current type is not declared in these migrations, and most type changes rewrite";
  } else {
    why = RewriteReason(*from, to);
  }
  if (why.empty()) return;
  context.Report(rule::kColumnTypeRewrite, table,
                 "changing column \"" + column + "\" of " + QuotedTable(table) + " to " +
                     to.Display() + " rewrites the table and its indexes: " + why);
}

void CheckSetNotNull(const std::string& table, const std::string& column, CheckContext& context) {
  if (context.model.IsNewTable(table) || context.model.HasNotNullCheck(table, column)) return;
  context.Report(rule::kSetNotNull, table,
                 "SET NOT NULL on column \"" + column + "\" of " + QuotedTable(table) +
                     " scans the whole table under ACCESS EXCLUSIVE (no validated CHECK (\"" +
                     column + "\" IS NOT NULL) precedes it)");
}

}  // namespace

void CheckAlterTable(const Node* alter, CheckContext& context) {
  if (StringOf(alter, "objtype") != "OBJECT_TABLE") return;
  const std::string table = TableKeyOfRangeVar(Member(alter, "relation"));
  for (const Node* command : ListOf(alter, "cmds")) {
    const Node* cmd = Unwrap(command, "AlterTableCmd");
    const std::string subtype = StringOf(cmd, "subtype");
    const std::string name = StringOf(cmd, "name");
    const Node* def = Member(cmd, "def");
    if (subtype == "AT_AddColumn") {
      CheckAddColumn(table, Unwrap(def, "ColumnDef"), context);
    } else if (subtype == "AT_DropColumn") {
      CheckDropColumn(table, name, context);
    } else if (subtype == "AT_AlterColumnType") {
      CheckAlterType(table, name, Unwrap(def, "ColumnDef"), context);
    } else if (subtype == "AT_SetNotNull") {
      CheckSetNotNull(table, name, context);
    } else if (subtype == "AT_AddConstraint") {
      CheckAddConstraint(table, Unwrap(def, "Constraint"), context);
    } else if (subtype == "AT_ValidateConstraint") {
      CheckValidateConstraint(table, name, context);
    }
  }
}

}  // namespace km::lint
