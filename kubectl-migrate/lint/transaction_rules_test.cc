// How the runner runs each file, unparsable SQL, and hostile text.
#include <gtest/gtest.h>

#include "lint/lint_test_support.h"

namespace km::lint::testing {
namespace {

TEST(NonTransactional, ConcurrentIndexAloneIsClean) {
  EXPECT_EQ(RulesOf("-- users by email\nCREATE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON \"users\" (\"email\");"),
            Ids{});
}

TEST(NonTransactional, MixedWithOtherStatementsLosesAtomicity) {
  auto report = LintChange("ALTER TABLE users ADD COLUMN x int;\n--> statement-breakpoint\n"
                           "CREATE INDEX CONCURRENTLY i ON users (x);");
  EXPECT_EQ(Rules(report), Ids{"non-transactional-mixed:2"});
  EXPECT_FALSE(report.migrations[1].transactional);
  EXPECT_NE(report.findings[0].message.find("2 statements one by one"), std::string::npos);
}

// No breakpoint: the runner would send both at once, an implicit transaction block.
// The migration set refuses such a file before lint (or anything) runs, naming the fix.
std::string LoadError(const std::string& sql) {
  migrations::JournalEntry entry;
  entry.tag = "0001_change";
  auto made = migrations::MakeMigration(entry, "migrations/0001_change.sql", sql);
  return made ? "" : made.error().message;
}

TEST(NonTransactional, InAChunkWithOthersTheFileIsRefusedBeforeLinting) {
  EXPECT_NE(LoadError("CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);").find("statement-breakpoint"),
            std::string::npos);
  EXPECT_NE(LoadError("DROP INDEX CONCURRENTLY i;\nSELECT 1;"), "");
  EXPECT_NE(LoadError("REINDEX INDEX CONCURRENTLY i;\nSELECT 1;"), "");
  EXPECT_NE(LoadError("SELECT 1;\nVACUUM users;"), "");
  EXPECT_EQ(LoadError("ANALYZE users;\nSELECT 1;"), "");
  EXPECT_EQ(RulesOf("ANALYZE users;\nSELECT 1;"), Ids{});
}

TEST(NonTransactional, ValidateInAFileRunStatementByStatementIsItsOwnTransaction) {
  EXPECT_EQ(RulesOf("-- kubectl-migrate:no-transaction\n"
                    "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID;\n"
                    "--> statement-breakpoint\nALTER TABLE users VALIDATE CONSTRAINT c;"),
            Ids{});
}

TEST(EnumValue, UsingANewLabelInTheSameTransactionFails) {
  const std::string add = "ALTER TYPE \"public\".\"mood\" ADD VALUE 'sad';";
  EXPECT_EQ(RulesOf(add + "--> statement-breakpoint\n"
                    "ALTER TABLE \"users\" ALTER COLUMN \"mood\" SET DEFAULT 'sad';"),
            Ids{"enum-value-in-same-transaction:2"});
  EXPECT_EQ(RulesOf(add + "\nUPDATE users SET mood = 'sad' WHERE mood = 'blue';"),
            Ids{"enum-value-in-same-transaction:1"});
  // Another label, a later migration, or a file run statement by statement: fine.
  EXPECT_EQ(RulesOf(add + "\nUPDATE users SET mood = 'ok';"), Ids{});
  EXPECT_EQ(RulesOf("-- kubectl-migrate:no-transaction\n" + add +
                    "--> statement-breakpoint\nUPDATE users SET mood = 'sad';"),
            Ids{});
  auto set = SetOf({{"0000_base", kBaseSql}, {"0001_add", add},
                    {"0002_use", "UPDATE users SET mood = 'sad';"}});
  EXPECT_EQ(Rules(Lint(set, {})), Ids{});
}

TEST(TransactionControl, WarnsAboutBeginAndCommit) {
  EXPECT_EQ(RulesOf("BEGIN;\nALTER TABLE users ADD COLUMN x int;\nCOMMIT;"),
            (Ids{"transaction-control:1", "transaction-control:1"}));
}

TEST(ParseError, IsAFindingWithTheParsersMessageAndPosition) {
  auto report = LintChange("ALTER TABLE users ADD COLUMN x int;\n--> statement-breakpoint\n"
                           "CREATE INDEX ON users (email;\n--> statement-breakpoint\n"
                           "ALTER TABLE users DROP COLUMN name;");
  EXPECT_EQ(Rules(report), (Ids{"parse-error:2", "drop-column:3"}));
  const Finding& error = report.findings[0];
  EXPECT_EQ(error.line, 3);
  EXPECT_NE(error.message.find("syntax error at or near \";\""), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("(line 3, column 29)"), std::string::npos) << error.message;
}

TEST(ParseError, UnterminatedQuotesAndGarbageDoNotCrash) {
  EXPECT_EQ(RulesOf("SELECT 'unterminated;"), Ids{"parse-error:1"});
  EXPECT_EQ(RulesOf("CREATE TABLE \"x (a int);"), Ids{"parse-error:1"});
  EXPECT_EQ(RulesOf(std::string("\xff\xfe garbage \0 bytes", 18)), Ids{"parse-error:1"});
  EXPECT_EQ(RulesOf("-- only a comment\n"), Ids{});
}

TEST(HostileText, KeywordsInCommentsStringsAndIdentifiersAreNotStatements) {
  EXPECT_EQ(RulesOf("/* DROP TABLE users; /* nested */ TRUNCATE users; */\n"
                    "-- ALTER TABLE users DROP COLUMN name;\n"
                    "INSERT INTO orgs (id) SELECT gen_random_uuid() WHERE 'DROP TABLE users;' <> $$TRUNCATE orgs;$$;"),
            Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE \"drop table users; --\" (\"a;b\" int);\n"
                    "CREATE INDEX \"i\" ON \"drop table users; --\" (\"a;b\");"),
            Ids{});
}

TEST(HostileText, DeepNestingAndHugeStatementsAreFindingsNotCrashes) {
  // 200,000 levels: libpg_query's recursion needs a big stack, our walks none.
  std::string deep = "ALTER TABLE users ADD COLUMN n int DEFAULT random()";
  for (int i = 0; i < 200000; ++i) deep += "+1";
  EXPECT_EQ(RulesOf(deep + ";"), Ids{"volatile-default:1"});
  auto huge = LintChange("SELECT '" + std::string(size_t{5} << 20, 'x') + "';");
  EXPECT_EQ(Rules(huge), Ids{"parse-error:1"});
  EXPECT_NE(huge.findings[0].message.find("over lint's limit of 4 MiB"), std::string::npos);
}

TEST(HostileText, SchemaQualifiedAndQuotedNamesMeanTheSameTable) {
  EXPECT_EQ(RulesOf("CREATE INDEX i ON \"public\".\"users\" (email);"), Ids{"index-not-concurrent:1"});
  EXPECT_EQ(RulesOf("CREATE INDEX i ON public.users (email);"), Ids{"index-not-concurrent:1"});
  // "Users" (quoted, upper case) is another table than users: unknown, so existing.
  EXPECT_EQ(RulesOf("CREATE TABLE \"Users\" (a int);\nCREATE INDEX i ON \"Users\" (a);"), Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE audit.users (a int);\nCREATE INDEX i ON users (email);"),
            Ids{"index-not-concurrent:1"});
}

TEST(HostileText, CreateTableIfNotExistsKeepsAnExistingTableExisting) {
  EXPECT_EQ(RulesOf("CREATE TABLE IF NOT EXISTS users (id uuid);\nCREATE INDEX i ON users (id);"),
            Ids{"index-not-concurrent:1"});
}

TEST(Lines, PointAtTheStatementsFirstWordPastComments) {
  auto report = LintChange("-- first\nALTER TABLE users ADD COLUMN a int;\n--> statement-breakpoint\n"
                           "/* why */\n\nALTER TABLE users DROP COLUMN name;");
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].line, 6);
  EXPECT_EQ(report.findings[0].statement, 2);
  EXPECT_EQ(report.findings[0].sql, "ALTER TABLE users DROP COLUMN name");
  EXPECT_EQ(report.findings[0].file, "migrations/0001_change.sql");
  EXPECT_EQ(report.findings[0].tag, "0001_change");
  EXPECT_EQ(report.findings[0].table, "users");
}

}  // namespace
}  // namespace km::lint::testing
