#pragma once

// The per-statement checks. Each reads one parsed statement, reports what is
// dangerous about it given what the model knows, and updates the model
// (tables created, columns added, renamed, dropped).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/parser.h"
#include "lint/rules.h"
#include "lint/schema_model.h"

namespace km::lint {

// A finding before the linter adds where it is and what the rule says.
struct RawFinding {
  std::string_view rule;
  std::string table;  // schema.table key, "" when none
  std::string message;
};

struct CheckContext {
  SchemaModel& model;
  // The runner runs this statement in one transaction with its file's others.
  bool transactional = true;
  // Objects created now are new (a pending migration) or already exist with
  // rows (a migration the database has applied).
  bool creates_new = true;
  // Constraints the current migration added NOT VALID: "table/name" → "CHECK" | "FOREIGN KEY".
  std::map<std::string, std::string> not_valid_added;
  // Enum labels the current transaction added: value → "schema.type".
  std::map<std::string, std::string> new_enum_values;
  std::vector<RawFinding> findings;

  void Report(std::string_view rule, std::string table, std::string message) {
    findings.push_back({rule, std::move(table), std::move(message)});
  }
};

// Runs the checks for one statement.
void CheckStatement(const ParsedStatement& statement, CheckContext& context);

// ALTER TABLE and its subcommands (alter_table_checks.cc).
void CheckAlterTable(const Node* alter, CheckContext& context);
// ALTER TABLE ... ADD COLUMN (add_column_checks.cc).
void CheckAddColumn(const std::string& table, const Node* column_def, CheckContext& context);
// ALTER TABLE ... ADD CONSTRAINT (constraint_checks.cc).
void CheckAddConstraint(const std::string& table, const Node* constraint, CheckContext& context);
void CheckValidateConstraint(const std::string& table, const std::string& name,
                             CheckContext& context);

// Why the statement cannot run inside a transaction block ("CREATE INDEX
// CONCURRENTLY"), or "" when it can.
std::string NonTransactionalKind(const ParsedStatement& statement);

}  // namespace km::lint
