#include <ostream>
#include <set>

#include "cli/commands.h"
#include "lint/linter.h"
#include "lint/pending.h"
#include "lint/report.h"

namespace km::cli {
namespace {

std::string RuleList() {
  std::string text;
  for (const lint::Rule& rule : lint::Rules()) {
    text += std::string(rule.id) + " (" + lint::SeverityName(rule.severity) + "): " +
            std::string(rule.summary) + "\n";
    if (!rule.lock.empty()) text += "    lock: " + std::string(rule.lock) + "\n";
    text += "    fix:  " + std::string(rule.fix) + "\n";
  }
  return text;
}

Result<lint::LintOptions> OptionsFromFlags(const ParsedFlags& flags,
                                           const migrations::MigrationSet& set) {
  lint::LintOptions options;
  const int choices = flags.Has("database-url") + flags.Has("base") + flags.Has("applied-up-to");
  if (choices > 1) {
    return MakeError(ExitCode::kUsage, "--database-url, --base and --applied-up-to each choose "
                                       "the pending migrations: give one");
  }
  if (flags.Has("applied-up-to")) {
    const std::string tag = flags.String("applied-up-to");
    std::set<std::string> pending;
    bool seen = false;
    for (const migrations::Migration& m : set.migrations) {
      if (seen) pending.insert(m.tag);
      seen = seen || m.tag == tag;
    }
    if (!seen) {
      return MakeError(ExitCode::kUsage, "--applied-up-to " + tag + ": no such migration in " +
                                             set.journal_path);
    }
    options.pending = std::move(pending);
  } else if (flags.Has("database-url")) {
    db::HistoryTable table{flags.String("migrations-schema"), flags.String("migrations-table")};
    KM_TRY_ASSIGN(options.pending,
                  lint::PendingInDatabase(set, flags.String("database-url"), table));
  } else if (flags.Has("base")) {
    KM_TRY_ASSIGN(options.pending,
                  lint::AddedInGitRange(set.dir, {flags.String("base"), flags.String("head"),
                                                  flags.String("default-branch")}));
  }
  return options;
}

}  // namespace

std::vector<FlagSpec> LintFlags() {
  return {
      {"dir", 0, FlagKind::kString, "DIR", "Drizzle Kit migrations folder (holds meta/_journal.json)",
       "migrations"},
      {"database-url", 0, FlagKind::kString, "URL",
       "Lint only the migrations this database has not applied (read only)", ""},
      {"migrations-schema", 0, FlagKind::kString, "NAME", "Schema of the history table",
       "drizzle"},
      {"migrations-table", 0, FlagKind::kString, "NAME", "History table", "__drizzle_migrations"},
      {"applied-up-to", 0, FlagKind::kString, "TAG",
       "Treat migrations up to and including TAG as applied; lint the ones after it", ""},
      {"base", 0, FlagKind::kString, "REV",
       "Lint only the migrations the journal gains from REV to --head (like `changed`)", ""},
      {"head", 0, FlagKind::kString, "REV", "End of the --base range", "HEAD"},
      {"default-branch", 0, FlagKind::kString, "BRANCH",
       "When --base is all zeros or gone: compare from the merge base with this branch", ""},
      {"output", 'o', FlagKind::kString, "FORMAT",
       "Output format: text, json, or github (workflow annotations)", "text"},
      {"fail-on", 0, FlagKind::kString, "SEVERITY",
       "Exit non-zero for: warning (errors 14, warnings only 15), error (14), or none", "warning"},
      {"rules", 0, FlagKind::kBool, "", "List the rules and exit", ""},
  };
}

Status RunLint(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"text", "json", "github"}));
  const std::string fail_on = flags.String("fail-on");
  if (fail_on != "warning" && fail_on != "error" && fail_on != "none") {
    return MakeError(ExitCode::kUsage,
                     "--fail-on must be warning, error or none, not \"" + fail_on + "\"");
  }
  if (!flags.positional().empty()) {
    return MakeError(ExitCode::kUsage, "unexpected argument \"" + flags.positional()[0] + "\"");
  }
  if (flags.Bool("rules")) {
    io.out << RuleList();
    return Ok();
  }
  KM_TRY_ASSIGN(auto set, migrations::LoadMigrationSet(flags.String("dir")));
  auto options = OptionsFromFlags(flags, set);
  if (!options.ok()) return std::move(options).error().Wrap("lint");
  const lint::LintReport report = lint::Lint(set, *options);

  if (format == "json") {
    io.out << lint::FormatJson(report);
  } else if (format == "github") {
    io.out << lint::FormatGithub(report);
  } else {
    io.out << lint::FormatText(report);
  }
  const bool errors = report.Count(lint::Severity::kError) > 0;
  const bool warnings = report.Count(lint::Severity::kWarning) > 0;
  if (errors && fail_on != "none") {
    return MakeError(ExitCode::kLintErrors, "lint: " + lint::SummaryLine(report));
  }
  if (warnings && fail_on == "warning") {
    return MakeError(ExitCode::kLintWarnings, "lint: " + lint::SummaryLine(report));
  }
  return Ok();
}

}  // namespace km::cli
