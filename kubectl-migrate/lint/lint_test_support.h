#pragma once

#include <gtest/gtest.h>

// Helpers for the lint unit tests: migration sets from SQL text, and the
// findings as short strings ("rule@tag:statement").

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lint/linter.h"
#include "migrations/migration_set.h"

namespace km::lint::testing {

// An applied drizzle-kit migration that made the tables the tests alter.
inline constexpr const char* kBaseSql =
    "CREATE TABLE \"users\" (\n"
    "\t\"id\" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,\n"
    "\t\"email\" varchar(100) NOT NULL,\n"
    "\t\"name\" text,\n"
    "\t\"age\" integer,\n"
    "\t\"price\" numeric(10, 2),\n"
    "\t\"created_at\" timestamp DEFAULT now() NOT NULL\n"
    ");\n"
    "--> statement-breakpoint\n"
    "CREATE TABLE \"orgs\" (\n\t\"id\" uuid PRIMARY KEY NOT NULL\n);\n";

inline migrations::MigrationSet SetOf(
    const std::vector<std::pair<std::string, std::string>>& tag_and_sql) {
  migrations::MigrationSet set;
  set.dir = "migrations";
  int64_t idx = 0;
  for (const auto& [tag, sql] : tag_and_sql) {
    migrations::JournalEntry entry;
    entry.idx = idx;
    entry.when = 1795528554581 + idx++;
    entry.tag = tag;
    auto made = migrations::MakeMigration(entry, "migrations/" + tag + ".sql", sql);
    if (!made) {
      ADD_FAILURE() << tag << ": " << made.error().message;
      continue;
    }
    set.migrations.push_back(std::move(made).value());
  }
  return set;
}

// "0000_base" (applied) then "0001_change" (pending) holding `sql`.
inline LintReport LintChange(const std::string& sql) {
  auto set = SetOf({{"0000_base", kBaseSql}, {"0001_change", sql}});
  LintOptions options;
  options.pending = std::set<std::string>{"0001_change"};
  return Lint(set, options);
}

// Every finding not ignored, as "rule:statement".
inline std::vector<std::string> Rules(const LintReport& report) {
  std::vector<std::string> out;
  for (const Finding& f : report.findings) {
    if (!f.ignored) out.push_back(std::string(f.rule->id) + ":" + std::to_string(f.statement));
  }
  return out;
}

inline std::vector<std::string> RulesOf(const std::string& sql) { return Rules(LintChange(sql)); }

using Ids = std::vector<std::string>;

}  // namespace km::lint::testing
