// The lint's input, migration files from a pull request: up to four migrations
// (the input split on NUL bytes; a NUL cannot reach PostgreSQL's parser anyway)
// through MakeMigration and the whole Lint — libpg_query's tree, the schema model
// carried from one migration to the next, every rule, lint-ignore directives —
// then every report format, and LockSummary (what `plan` prints) per statement.
// The first byte picks which migrations are pending.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "lint/linter.h"
#include "lint/locks.h"
#include "lint/report.h"
#include "lint/rules.h"
#include "lint/suppression.h"
#include "migrations/migration_set.h"

namespace lint = km::lint;
namespace mig = km::migrations;

namespace {

constexpr size_t kMaxMigrations = 4;

size_t Lines(std::string_view text) { return 1 + std::count(text.begin(), text.end(), '\n'); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t pending_bits = data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  mig::MigrationSet set;
  set.dir = "migrations";
  std::set<std::string> pending;
  for (std::string_view file : km::fuzz::SplitOnNul(input, kMaxMigrations)) {
    const int64_t idx = static_cast<int64_t>(set.migrations.size());
    mig::JournalEntry entry;
    entry.idx = idx;
    entry.when = 1795528554581 + idx;
    entry.tag = "000" + std::to_string(idx) + "_fuzz";
    auto made = mig::MakeMigration(entry, "migrations/" + entry.tag + ".sql", std::string(file));
    if (!made) continue;  // refused before lint sees it (the runner refuses it too)
    if (pending_bits & (1u << idx)) pending.insert(entry.tag);
    set.migrations.push_back(std::move(made).value());
  }

  lint::LintOptions options;
  if (!(pending_bits & 0x80)) options.pending = pending;  // else: every migration is pending
  const lint::LintReport report = lint::Lint(set, options);

  km::fuzz::Check(report.migrations.size() == set.migrations.size(), "a migration missing from the report");
  for (const lint::Finding& finding : report.findings) {
    km::fuzz::Check(finding.rule != nullptr && lint::FindRule(finding.rule->id) == finding.rule,
                    "a finding without a known rule");
    auto m = std::find_if(set.migrations.begin(), set.migrations.end(),
                          [&](const mig::Migration& x) { return x.tag == finding.tag; });
    km::fuzz::Check(m != set.migrations.end(), "a finding for a migration that is not in the set");
    km::fuzz::Check(!options.pending || options.pending->contains(finding.tag),
                    "a finding in a migration that is not pending");
    km::fuzz::Check(finding.file == m->path, "a finding names another file");
    km::fuzz::Check(finding.statement >= 1 && static_cast<size_t>(finding.statement) <= m->statements.size(),
                    "a finding's statement number is not one of the migration's");
    km::fuzz::Check(finding.line >= 1 && static_cast<size_t>(finding.line) <= Lines(m->sql),
                    "a finding's line is not in the file");
    km::fuzz::Check(!finding.message.empty(), "a finding without a message");
  }

  (void)lint::FormatText(report);
  // -o json: one valid JSON document in UTF-8 (the files are UTF-8 after MakeMigration).
  const std::string json = lint::FormatJson(report);
  rapidjson::Document parsed;
  parsed.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size());
  km::fuzz::Check(!parsed.HasParseError() && parsed.IsObject() && parsed["findings"].Size() == report.findings.size(),
                  "lint -o json is not valid JSON (UTF-8) holding every finding");
  // -o github: one workflow command per finding not ignored, then the summary line;
  // a newline in a message would end the command early.
  const std::string github = lint::FormatGithub(report);
  km::fuzz::Check(static_cast<size_t>(std::count(github.begin(), github.end(), '\n')) ==
                      report.findings.size() - report.Ignored() + 1,
                  "lint -o github is not one line per finding");

  for (const mig::Migration& m : set.migrations) {
    for (const std::string& statement : m.statements) {
      (void)lint::LockSummary(statement);
      lint::LeadingText leading = lint::ReadLeadingText(statement);
      km::fuzz::Check(leading.first_token <= statement.size(), "the first token is past the statement");
      for (const lint::Suppression& suppression : leading.suppressions) {
        km::fuzz::Check(!suppression.rule.empty(), "a lint-ignore directive without a rule");
      }
    }
  }
  return 0;
}
