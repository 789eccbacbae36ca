#include "lint/locks.h"

#include <set>
#include <vector>

#include "lint/node.h"
#include "lint/parser.h"

namespace km::lint {
namespace {

// PostgreSQL's table lock modes, weakest first.
enum class Mode { kNone, kRowExclusive, kShareUpdateExclusive, kShare, kShareRowExclusive, kAccessExclusive };

const char* ModeName(Mode mode) {
  switch (mode) {
    case Mode::kRowExclusive: return "ROW EXCLUSIVE";
    case Mode::kShareUpdateExclusive: return "SHARE UPDATE EXCLUSIVE";
    case Mode::kShare: return "SHARE";
    case Mode::kShareRowExclusive: return "SHARE ROW EXCLUSIVE";
    case Mode::kAccessExclusive: return "ACCESS EXCLUSIVE";
    case Mode::kNone: break;
  }
  return "";
}

struct Lock {
  Mode mode = Mode::kNone;
  std::set<std::string> tables;

  void Take(Mode m, const std::string& table) {
    if (m > mode) mode = m;
    if (!table.empty()) tables.insert(DisplayTable(table));
  }
  std::string Describe() const {
    if (mode == Mode::kNone) return "";
    std::string text = std::string(ModeName(mode)) + " on ";
    bool first = true;
    for (const std::string& table : tables) {
      text += (first ? "" : ", ") + table;
      first = false;
    }
    return tables.empty() ? text + "its table" : text;
  }
};

Mode AlterCommandMode(const Node* cmd) {
  const std::string subtype = StringOf(cmd, "subtype");
  if (subtype == "AT_ValidateConstraint" || subtype == "AT_SetStatistics" ||
      subtype == "AT_ClusterOn" || subtype == "AT_DropCluster" || subtype == "AT_AttachPartition") {
    return Mode::kShareUpdateExclusive;
  }
  if (subtype == "AT_DetachPartition") {
    return BoolOf(Unwrap(Member(cmd, "def"), "PartitionCmd"), "concurrent")
               ? Mode::kShareUpdateExclusive
               : Mode::kAccessExclusive;
  }
  if (subtype == "AT_EnableTrig" || subtype == "AT_DisableTrig" || subtype == "AT_EnableTrigAll" ||
      subtype == "AT_DisableTrigAll" || subtype == "AT_EnableTrigUser" ||
      subtype == "AT_DisableTrigUser") {
    return Mode::kShareRowExclusive;
  }
  if (subtype == "AT_AddConstraint" &&
      StringOf(Unwrap(Member(cmd, "def"), "Constraint"), "contype") == "CONSTR_FOREIGN") {
    return Mode::kShareRowExclusive;
  }
  return Mode::kAccessExclusive;
}

void AlterTableLock(const Node* alter, Lock& lock) {
  const std::string table = TableKeyOfRangeVar(Member(alter, "relation"));
  const bool index = StringOf(alter, "objtype") == "OBJECT_INDEX";
  for (const Node* command : ListOf(alter, "cmds")) {
    const Node* cmd = Unwrap(command, "AlterTableCmd");
    lock.Take(index ? Mode::kShareUpdateExclusive : AlterCommandMode(cmd), table);
    const Node* constraint = Unwrap(Member(cmd, "def"), "Constraint");
    if (StringOf(constraint, "contype") == "CONSTR_FOREIGN") {
      lock.Take(Mode::kShareRowExclusive, TableKeyOfRangeVar(Member(constraint, "pktable")));
    }
  }
}

std::string StatementLock(const ParsedStatement& statement) {
  const std::string& kind = statement.kind;
  const Node* body = statement.body;
  Lock lock;
  if (kind == "IndexStmt") {
    lock.Take(BoolOf(body, "concurrent") ? Mode::kShareUpdateExclusive : Mode::kShare,
              TableKeyOfRangeVar(Member(body, "relation")));
  } else if (kind == "AlterTableStmt") {
    AlterTableLock(body, lock);
  } else if (kind == "CreateStmt") {
    // The new table is locked, but nobody else can use it yet; its foreign keys lock the others.
    for (const Node* element : ListOf(body, "tableElts")) {
      std::vector<const Node*> constraints = {Unwrap(element, "Constraint")};
      for (const Node* c : ListOf(Unwrap(element, "ColumnDef"), "constraints")) {
        constraints.push_back(Unwrap(c, "Constraint"));
      }
      for (const Node* constraint : constraints) {
        if (StringOf(constraint, "contype") == "CONSTR_FOREIGN") {
          lock.Take(Mode::kShareRowExclusive, TableKeyOfRangeVar(Member(constraint, "pktable")));
        }
      }
    }
  } else if (kind == "DropStmt") {
    const std::string type = StringOf(body, "removeType");
    if (type == "OBJECT_TABLE" || type == "OBJECT_INDEX") {
      const Mode mode = BoolOf(body, "concurrent") ? Mode::kShareUpdateExclusive : Mode::kAccessExclusive;
      for (const Node* object : ListOf(body, "objects")) {
        const std::string key = TableKeyOfNames(Names(Member(Unwrap(object, "List"), "items")));
        lock.Take(mode, type == "OBJECT_TABLE" ? key : "");
      }
    }
  } else if (kind == "TruncateStmt") {
    for (const Node* relation : ListOf(body, "relations")) {
      lock.Take(Mode::kAccessExclusive, TableKeyOfRangeVar(Unwrap(relation, "RangeVar")));
    }
  } else if (kind == "RenameStmt" || kind == "AlterObjectSchemaStmt") {
    const std::string type = StringOf(body, kind == "RenameStmt" ? "renameType" : "objectType");
    if (type == "OBJECT_INDEX") {
      lock.Take(Mode::kShareUpdateExclusive, "");
    } else if (Member(body, "relation") != nullptr) {
      lock.Take(Mode::kAccessExclusive, TableKeyOfRangeVar(Member(body, "relation")));
    }
  } else if (kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt") {
    lock.Take(Mode::kRowExclusive, TableKeyOfRangeVar(Member(body, "relation")));
  } else if (kind == "VacuumStmt") {
    for (const Node* rel : ListOf(body, "rels")) {
      lock.Take(Mode::kShareUpdateExclusive,
                TableKeyOfRangeVar(Member(Unwrap(rel, "VacuumRelation"), "relation")));
    }
  } else if (kind == "CreateTrigStmt") {
    lock.Take(Mode::kShareRowExclusive, TableKeyOfRangeVar(Member(body, "relation")));
  }
  return lock.Describe();
}

}  // namespace

std::string LockSummary(std::string_view sql) {
  auto parsed = ParseSql(sql);
  if (!parsed) return "";
  std::string summary;
  for (const ParsedStatement& statement : parsed->statements) {
    std::string lock = StatementLock(statement);
    if (lock.empty()) continue;
    summary += (summary.empty() ? "" : "; ") + lock;
  }
  return summary;
}

}  // namespace km::lint
