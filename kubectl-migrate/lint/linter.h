#pragma once

// `kubectl migrate lint`: every statement of every migration through the
// PostgreSQL parser, checked against what the earlier migrations built and
// how the runner will run it.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/rules.h"
#include "migrations/migration_set.h"

namespace km::lint {

struct Finding {
  std::string tag;        // migration tag
  std::string file;       // <dir>/<tag>.sql
  int line = 0;           // 1-based line of the statement's first word (or the syntax error)
  int statement = 0;      // 1-based, as the runner counts them (drizzle breakpoints)
  const Rule* rule = nullptr;
  std::string table;      // "users", "audit.events"; "" when none
  std::string message;
  std::string sql;        // the statement's first line, for text output
  bool ignored = false;   // a lint-ignore comment names the rule here
  std::string ignore_reason;
};

struct MigrationSummary {
  std::string tag;
  std::string file;
  bool pending = false;
  bool transactional = true;  // the runner wraps it in one transaction
  size_t statements = 0;
};

struct LintReport {
  std::vector<MigrationSummary> migrations;
  std::vector<Finding> findings;  // pending migrations only, in file order

  size_t Count(Severity severity) const;  // not ignored
  size_t Ignored() const;
  size_t Pending() const;
};

struct LintOptions {
  // Tags of the pending migrations; nullopt: every migration is pending.
  std::optional<std::set<std::string>> pending;
};

LintReport Lint(const migrations::MigrationSet& set, const LintOptions& options);

}  // namespace km::lint
