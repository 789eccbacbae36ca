// Suppressions, the three output formats, and the repository's own migrations.
#include <rapidjson/document.h>

#include <gtest/gtest.h>

#include "lint/lint_test_support.h"
#include "lint/report.h"
#include "lint/suppression.h"
#include "util/utf8.h"

namespace km::lint::testing {
namespace {

const char* kDrop =
    "ALTER TABLE users ADD COLUMN x int;\n--> statement-breakpoint\n"
    "-- kubectl-migrate:lint-ignore drop-column nobody has read it since v2.3\n"
    "ALTER TABLE \"users\" DROP COLUMN \"name\";\n--> statement-breakpoint\n"
    "TRUNCATE orgs;";

TEST(Suppression, SilencesTheNamedRuleOnTheNextStatementOnly) {
  auto report = LintChange(kDrop);
  EXPECT_EQ(Rules(report), Ids{"truncate:3"});
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_TRUE(report.findings[0].ignored);
  EXPECT_EQ(report.findings[0].ignore_reason, "nobody has read it since v2.3");
  EXPECT_EQ(report.Ignored(), 1u);
  EXPECT_EQ(report.Count(Severity::kError), 1u);
}

TEST(Suppression, AnotherRuleOrAMisspeltDirectiveSilencesNothing) {
  EXPECT_EQ(RulesOf("-- kubectl-migrate:lint-ignore drop-table\nALTER TABLE users DROP COLUMN name;"),
            Ids{"drop-column:1"});
  EXPECT_EQ(RulesOf("-- kubectl-migrate:lint-ignoredrop-column x\nALTER TABLE users DROP COLUMN name;"),
            Ids{"drop-column:1"});
  // In a string, the directive is data, not a comment.
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD COLUMN note text DEFAULT '-- kubectl-migrate:lint-ignore "
                    "drop-column';\nALTER TABLE users DROP COLUMN name;"),
            Ids{"drop-column:1"});
}

TEST(Suppression, ReadsOnlyLeadingComments) {
  const std::string_view span =
      "\n/* a /* nested */ comment */\n-- kubectl-migrate:lint-ignore set-not-null   backfilled  \n"
      "ALTER TABLE t ALTER COLUMN c SET NOT NULL; -- kubectl-migrate:lint-ignore drop-table x";
  LeadingText text = ReadLeadingText(span);
  ASSERT_EQ(text.suppressions.size(), 1u);
  EXPECT_EQ(text.suppressions[0].rule, "set-not-null");
  EXPECT_EQ(text.suppressions[0].reason, "backfilled");
  EXPECT_TRUE(span.substr(text.first_token).starts_with("ALTER TABLE t")) << text.first_token;
}

TEST(Report, JsonHasEveryFieldTheActionReads) {
  rapidjson::Document doc;
  doc.Parse(FormatJson(LintChange(kDrop)).c_str());
  ASSERT_FALSE(doc.HasParseError());
  const auto& findings = doc["findings"];
  ASSERT_EQ(findings.Size(), 2u);
  const auto& f = findings[1];
  EXPECT_STREQ(f["tag"].GetString(), "0001_change");
  EXPECT_STREQ(f["file"].GetString(), "migrations/0001_change.sql");
  EXPECT_EQ(f["line"].GetInt(), 6);
  EXPECT_EQ(f["statement"].GetInt(), 3);
  EXPECT_STREQ(f["rule"].GetString(), "truncate");
  EXPECT_STREQ(f["severity"].GetString(), "error");
  EXPECT_STREQ(f["table"].GetString(), "orgs");
  EXPECT_STREQ(f["lock"].GetString(), "ACCESS EXCLUSIVE");
  EXPECT_TRUE(f["destructive"].GetBool());
  EXPECT_FALSE(f["ignored"].GetBool());
  EXPECT_NE(std::string(f["fix"].GetString()), "");
  EXPECT_TRUE(findings[0]["ignored"].GetBool());
  EXPECT_TRUE(findings[0]["breaks_rollback"].GetBool());
  EXPECT_EQ(doc["summary"]["errors"].GetInt(), 1);
  EXPECT_EQ(doc["summary"]["ignored"].GetInt(), 1);
  EXPECT_EQ(doc["summary"]["pending"].GetInt(), 1);
  EXPECT_FALSE(doc["migrations"][0]["pending"].GetBool());
}

TEST(Report, RegressionsFromFuzzing) {
  // fuzz_lint: PostgreSQL's scanner quoted half of "€" after a number ("trailing junk
  // after numeric literal at or near \"0\xe2\""), and -o json was not UTF-8
  const std::string json = FormatJson(LintChange("ALTER TABLE \"users\" ADD CONSTRAINT c CHECK (\"age\" > 0\u20ac);"));
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str());
  ASSERT_FALSE(doc.HasParseError()) << json;
  ASSERT_EQ(doc["findings"].Size(), 1u);
  EXPECT_STREQ(doc["findings"][0]["rule"].GetString(), "parse-error");
  // the statement's first line, cut at 100 bytes, is not cut inside a character
  const std::string text =
      FormatText(LintChange("TRUNCATE \"orgs\" /*" + std::string(81, 'x') + "\u00e9\u00e9 */;"));
  EXPECT_NE(text.find("/*" + std::string(81, 'x') + "…\n"), std::string::npos) << text;
  EXPECT_EQ(NormalizeUtf8LikeNode(text), text);
}

TEST(Report, GithubAnnotationsEscapeAndSkipIgnored) {
  std::string out = FormatGithub(LintChange(kDrop));
  EXPECT_EQ(out.find("drop-column"), std::string::npos);
  EXPECT_EQ(out.rfind("::error file=migrations/0001_change.sql,line=6,"
                      "title=kubectl-migrate lint%3A truncate::TRUNCATE \"orgs\" deletes every row",
                      0),
            0u)
      << out;
}

TEST(Report, TextShowsLockFixAndReason) {
  std::string out = FormatText(LintChange(kDrop));
  EXPECT_NE(out.find("migrations/0001_change.sql:4: ignored[drop-column]"), std::string::npos) << out;
  EXPECT_NE(out.find("ignored: nobody has read it since v2.3"), std::string::npos);
  EXPECT_NE(out.find("lock: ACCESS EXCLUSIVE, blocks reads and writes"), std::string::npos);
  EXPECT_NE(out.find("1 error, 0 warnings, 1 ignored in 1 pending migration (of 2)"),
            std::string::npos);
}

TEST(RepositoryMigrations, DrizzleKitsOwnOutputHasNoFalseAlarms) {
  auto set = migrations::LoadMigrationSet(KM_SOURCE_DIR "/migrations");
  ASSERT_TRUE(set.ok()) << set.error().message;
  LintReport all = Lint(*set, {});
  EXPECT_EQ(Rules(all), Ids{});
  EXPECT_EQ(all.Pending(), 3u);
  // Even with only the last pending: its index and foreign key are on its new table.
  LintOptions last;
  const std::string newest = set->migrations.back().tag;
  last.pending = std::set<std::string>{newest};
  EXPECT_EQ(Rules(Lint(*set, last)), Ids{});
}

TEST(Rules, IdsAreUniqueAndEveryRuleHasAFix) {
  std::set<std::string_view> ids;
  for (const Rule& rule : lint::Rules()) {
    EXPECT_TRUE(ids.insert(rule.id).second) << rule.id;
    EXPECT_FALSE(rule.fix.empty()) << rule.id;
    EXPECT_EQ(FindRule(rule.id), &rule);
  }
  EXPECT_EQ(FindRule("no-such-rule"), nullptr);
}

}  // namespace
}  // namespace km::lint::testing
