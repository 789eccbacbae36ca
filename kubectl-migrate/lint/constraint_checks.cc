#include "lint/checks.h"
#include "lint/expressions.h"

namespace km::lint {
namespace {

std::string Named(const std::string& name) { return name.empty() ? "" : " \"" + name + "\""; }

void CheckForeignKey(const std::string& table, const Node* constraint, CheckContext& context) {
  const std::string referenced = TableKeyOfRangeVar(Member(constraint, "pktable"));
  const std::string name = StringOf(constraint, "conname");
  if (BoolOf(constraint, "skip_validation")) {
    context.not_valid_added[table + "/" + name] = "FOREIGN KEY";
    return;
  }
  // The check scans the referencing table: nothing to scan when it is new.
  if (context.model.IsNewTable(table)) return;
  context.Report(rule::kForeignKeyNotValid, table,
                 "foreign key" + Named(name) + " from " + QuotedTable(table) + " to " +
                     QuotedTable(referenced) +
                     " checks every existing row while both tables are "
                     "locked against writes");
}

void CheckCheck(const std::string& table, const Node* constraint, CheckContext& context) {
  const std::string name = StringOf(constraint, "conname");
  const bool not_valid = BoolOf(constraint, "skip_validation");
  const std::string not_null_column = NotNullCheckColumn(Member(constraint, "raw_expr"));
  if (!not_null_column.empty()) {
    context.model.AddNotNullCheck(table + "/" + name, {table, not_null_column}, !not_valid);
  }
  if (not_valid) {
    context.not_valid_added[table + "/" + name] = "CHECK";
    return;
  }
  if (context.model.IsNewTable(table)) return;
  context.Report(rule::kCheckNotValid, table,
                 "CHECK constraint" + Named(name) + " on " + QuotedTable(table) +
                     " checks every row under ACCESS EXCLUSIVE");
}

void CheckUniqueOrPrimary(const std::string& table, const Node* constraint, bool primary,
                          CheckContext& context) {
  // USING INDEX attaches an index built earlier (CONCURRENTLY): no build here.
  if (context.model.IsNewTable(table) || !StringOf(constraint, "indexname").empty()) return;
  const std::string name = StringOf(constraint, "conname");
  context.Report(primary ? rule::kAddPrimaryKey : rule::kAddUnique, table,
                 std::string(primary ? "PRIMARY KEY" : "UNIQUE constraint") + Named(name) +
                     " on existing table " + QuotedTable(table) +
                     " builds its index under ACCESS EXCLUSIVE");
}

}  // namespace

void CheckAddConstraint(const std::string& table, const Node* constraint, CheckContext& context) {
  const std::string kind = StringOf(constraint, "contype");
  if (kind == "CONSTR_FOREIGN") {
    CheckForeignKey(table, constraint, context);
  } else if (kind == "CONSTR_CHECK") {
    CheckCheck(table, constraint, context);
  } else if (kind == "CONSTR_UNIQUE") {
    CheckUniqueOrPrimary(table, constraint, /*primary=*/false, context);
  } else if (kind == "CONSTR_PRIMARY") {
    CheckUniqueOrPrimary(table, constraint, /*primary=*/true, context);
  }
}

void CheckValidateConstraint(const std::string& table, const std::string& name,
                             CheckContext& context) {
  context.model.ValidateConstraint(table + "/" + name);
  auto added = context.not_valid_added.find(table + "/" + name);
  if (added == context.not_valid_added.end() || !context.transactional ||
      context.model.IsNewTable(table)) {
    return;
  }
  context.Report(rule::kValidateSameTransaction, table,
                 "VALIDATE CONSTRAINT \"" + name + "\" runs in the same transaction as the ADD " +
                     added->second + " ... NOT VALID above, which keeps the ADD's " +
                     (added->second == "CHECK" ? "ACCESS EXCLUSIVE" : "SHARE ROW EXCLUSIVE") +
                     " lock on " + QuotedTable(table) + " through the whole validation scan");
}

}  // namespace km::lint
