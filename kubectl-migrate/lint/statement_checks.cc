#include "lint/checks.h"
#include "lint/expressions.h"

namespace km::lint {
namespace {

void CheckCreateTable(const Node* create, CheckContext& context) {
  const std::string key = TableKeyOfRangeVar(Member(create, "relation"));
  if (BoolOf(create, "if_not_exists") && context.model.HasTable(key)) return;  // a no-op
  context.model.CreateTable(key, context.creates_new);
  for (const Node* element : ListOf(create, "tableElts")) {
    if (const Node* column = Unwrap(element, "ColumnDef")) {
      context.model.AddColumn(key, StringOf(column, "colname"),
                              TypeOf(Member(column, "typeName")), context.creates_new);
    }
  }
}

void CheckCreateIndex(const Node* index, CheckContext& context) {
  const std::string table = TableKeyOfRangeVar(Member(index, "relation"));
  const std::string name = StringOf(index, "idxname");
  if (!name.empty()) {
    context.model.AddIndex(TableKey(StringOf(Member(index, "relation"), "schemaname"), name), table);
  }
  if (BoolOf(index, "concurrent") || context.model.IsNewTable(table)) return;
  context.Report(rule::kIndexNotConcurrent, table,
                 std::string("CREATE ") + (BoolOf(index, "unique") ? "UNIQUE " : "") + "INDEX " +
                     (name.empty() ? "" : "\"" + name + "\" ") + "on existing table " +
                     QuotedTable(table) + " blocks its writes until the index is built");
}

void CheckDrop(const Node* drop, CheckContext& context) {
  const std::string type = StringOf(drop, "removeType");
  for (const Node* object : ListOf(drop, "objects")) {
    const std::string key = TableKeyOfNames(Names(Unwrap(object, "List") != nullptr
                                                      ? Member(Unwrap(object, "List"), "items")
                                                      : object));
    if (key.empty()) continue;
    if (type == "OBJECT_TABLE") {
      if (!context.model.IsNewTable(key)) {
        context.Report(rule::kDropTable, key,
                       "DROP TABLE " + QuotedTable(key) +
                           " deletes its rows, and the previous app version (the rollback "
                           "target) still reads it");
      }
      context.model.DropTable(key);
    } else if (type == "OBJECT_INDEX") {
      const std::string table = context.model.TableOfIndex(key);
      if (!BoolOf(drop, "concurrent") && !context.model.IsNewTable(table)) {
        context.Report(rule::kDropIndexNotConcurrent, table,
                       "DROP INDEX \"" + DisplayTable(key) + "\" takes ACCESS EXCLUSIVE on " +
                           (table.empty() ? std::string("its table") : QuotedTable(table)));
      }
    }
  }
}

void CheckTruncate(const Node* truncate, CheckContext& context) {
  for (const Node* relation : ListOf(truncate, "relations")) {
    const std::string key = TableKeyOfRangeVar(Unwrap(relation, "RangeVar"));
    if (context.model.IsNewTable(key)) continue;
    context.Report(rule::kTruncate, key, "TRUNCATE " + QuotedTable(key) + " deletes every row");
  }
}

void CheckRename(const Node* rename, CheckContext& context) {
  const std::string type = StringOf(rename, "renameType");
  const Node* relation = Member(rename, "relation");
  const std::string key = TableKeyOfRangeVar(relation);
  const std::string new_name = StringOf(rename, "newname");
  if (type == "OBJECT_TABLE") {
    if (!context.model.IsNewTable(key)) {
      context.Report(rule::kRenameTable, key,
                     "renaming table " + QuotedTable(key) + " to \"" + new_name +
                         "\" breaks every query of the running app and of the rollback target");
    }
    context.model.RenameTable(key, TableKey(StringOf(relation, "schemaname"), new_name));
  } else if (type == "OBJECT_COLUMN") {
    const std::string column = StringOf(rename, "subname");
    if (!context.model.IsNewColumn(key, column)) {
      context.Report(
          rule::kRenameColumn, key,
          "renaming column \"" + column + "\" of " + QuotedTable(key) + " to \"" + new_name +
              "\" breaks the running app and the rollback target, which use the old name");
    }
    context.model.RenameColumn(key, column, new_name);
  }
}

void CheckSetSchema(const Node* move, CheckContext& context) {
  if (StringOf(move, "objectType") != "OBJECT_TABLE") return;
  const Node* relation = Member(move, "relation");
  const std::string key = TableKeyOfRangeVar(relation);
  const std::string schema = StringOf(move, "newschema");
  if (!context.model.IsNewTable(key)) {
    context.Report(rule::kRenameTable, key,
                   "moving table " + QuotedTable(key) + " to schema \"" + schema +
                       "\" breaks every query of the running app and of the rollback target");
  }
  context.model.RenameTable(key, TableKey(schema, StringOf(relation, "relname")));
}

void CheckTransactionControl(const Node* transaction, CheckContext& context) {
  const std::string kind = StringOf(transaction, "kind");
  if (!context.transactional) return;
  context.Report(rule::kTransactionControl, "",
                 kind.substr(kind.rfind('_') + 1) +
                     " inside a migration the runner runs in a transaction: it ends or nests "
                     "the runner's own, so the migration is no longer atomic");
}

// PostgreSQL 12+ runs ALTER TYPE ... ADD VALUE in a transaction, but refuses to use
// the new label before that transaction commits ("unsafe use of new value").
void CheckEnumValues(const ParsedStatement& statement, CheckContext& context) {
  if (!context.transactional) return;
  const std::string used = FirstStringConstantIn(statement.body, context.new_enum_values);
  if (!used.empty()) {
    context.Report(rule::kEnumValueSameTransaction, "",
                   "'" + used + "' was added to enum \"" +
                       DisplayTable(context.new_enum_values[used]) +
                       "\" earlier in this transaction; PostgreSQL refuses to use it before that "
                       "commits (unsafe use of new value)");
  }
  if (statement.kind == "AlterEnumStmt" && !StringOf(statement.body, "newVal").empty()) {
    context.new_enum_values[StringOf(statement.body, "newVal")] =
        TableKeyOfNames(Names(Member(statement.body, "typeName")));
  }
}

}  // namespace

void CheckStatement(const ParsedStatement& statement, CheckContext& context) {
  CheckEnumValues(statement, context);
  const std::string& kind = statement.kind;
  if (kind == "CreateStmt") {
    CheckCreateTable(statement.body, context);
  } else if (kind == "CreateTableAsStmt") {
    const Node* into = Member(statement.body, "into");
    context.model.CreateTable(TableKeyOfRangeVar(Member(into, "rel")), context.creates_new);
  } else if (kind == "IndexStmt") {
    CheckCreateIndex(statement.body, context);
  } else if (kind == "DropStmt") {
    CheckDrop(statement.body, context);
  } else if (kind == "TruncateStmt") {
    CheckTruncate(statement.body, context);
  } else if (kind == "RenameStmt") {
    CheckRename(statement.body, context);
  } else if (kind == "AlterObjectSchemaStmt") {
    CheckSetSchema(statement.body, context);
  } else if (kind == "TransactionStmt") {
    CheckTransactionControl(statement.body, context);
  } else if (kind == "AlterTableStmt") {
    CheckAlterTable(statement.body, context);
  }
}

std::string NonTransactionalKind(const ParsedStatement& statement) {
  const std::string& kind = statement.kind;
  const Node* body = statement.body;
  if (kind == "IndexStmt" && BoolOf(body, "concurrent")) return "CREATE INDEX CONCURRENTLY";
  if (kind == "DropStmt" && BoolOf(body, "concurrent")) return "DROP INDEX CONCURRENTLY";
  if (kind == "ReindexStmt") {
    for (const Node* param : ListOf(body, "params")) {
      if (StringOf(Unwrap(param, "DefElem"), "defname") == "concurrently") {
        return "REINDEX CONCURRENTLY";
      }
    }
  }
  if (kind == "AlterTableStmt") {
    for (const Node* command : ListOf(body, "cmds")) {
      const Node* cmd = Unwrap(command, "AlterTableCmd");
      if (StringOf(cmd, "subtype") == "AT_DetachPartition" &&
          BoolOf(Unwrap(Member(cmd, "def"), "PartitionCmd"), "concurrent")) {
        return "DETACH PARTITION CONCURRENTLY";
      }
    }
  }
  if (kind == "VacuumStmt") return BoolOf(body, "is_vacuumcmd") ? "VACUUM" : "";
  if (kind == "CreatedbStmt") return "CREATE DATABASE";
  if (kind == "DropdbStmt") return "DROP DATABASE";
  if (kind == "CreateTableSpaceStmt") return "CREATE TABLESPACE";
  if (kind == "DropTableSpaceStmt") return "DROP TABLESPACE";
  if (kind == "AlterSystemStmt") return "ALTER SYSTEM";
  return "";
}

}  // namespace km::lint
