// `lint --database-url` against a real PostgreSQL, and the column-type-rewrite
// rule checked against what PostgreSQL really does: a rewrite gives the table
// a new relfilenode.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>

#include "database.h"
#include "lint/linter.h"
#include "lint/type_change.h"
#include "migration_dir.h"
#include "subprocess.h"

namespace km::testing {
namespace {

TEST(LintDatabase, LintsOnlyMigrationsTheDatabaseHasNotApplied) {
  const std::string url = FreshDatabase("t_lint_pending");
  MigrationDir dir;
  dir.Add("0000_users", 1, {"CREATE TABLE \"users\" (\"id\" uuid PRIMARY KEY, \"email\" text);"});
  dir.Add("0001_index", 2, {"CREATE INDEX \"users_email_idx\" ON \"users\" (\"email\");"});

  // Nothing applied: users is new when the index is built.
  RunResult fresh = km::testing::Run({Binary(), "lint", "--dir", dir.path(), "--database-url", url});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;

  RunResult apply = km::testing::Run({Binary(), "apply", "--dir", dir.path(), "--database-url", url, "-o", "json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  dir.Add("0002_index", 3, {"CREATE INDEX \"users_email_idx2\" ON \"users\" (\"email\");"});
  RunResult after = km::testing::Run({Binary(), "lint", "--dir", dir.path(), "--database-url", url, "-o", "json"});
  EXPECT_EQ(after.exit_code, 14) << after.err;
  rapidjson::Document json;
  ASSERT_FALSE(json.Parse(after.out.c_str()).HasParseError()) << after.out;
  ASSERT_EQ(json["findings"].Size(), 1u) << after.out;
  EXPECT_STREQ(json["findings"][0]["tag"].GetString(), "0002_index");
  EXPECT_EQ(json["summary"]["pending"].GetInt(), 1);
  // Read only: lint left no rows and no tables behind.
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM drizzle.__drizzle_migrations"), "2");
}

TEST(LintDatabase, UnreachableDatabaseExits5) {
  MigrationDir dir;
  dir.Add("0000_users", 1, {"CREATE TABLE users (id int);"});
  RunResult run = km::testing::Run({Binary(), "lint", "--dir", dir.path(), "--database-url",
                       "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"});
  EXPECT_EQ(run.exit_code, 5) << run.err;
}

TEST(LintDatabase, PlanShowsEachStatementsLock) {
  const std::string url = FreshDatabase("t_lint_plan_locks");
  MigrationDir dir;
  dir.Add("0000_users", 1, {"CREATE TABLE \"users\" (\"id\" uuid PRIMARY KEY, \"email\" text);",
                            "CREATE INDEX \"users_email_idx\" ON \"users\" (\"email\");"});
  RunResult json = km::testing::Run({Binary(), "plan", "--dir", dir.path(), "--database-url", url, "-o", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"lock\":\"\""), std::string::npos) << json.out;  // CREATE TABLE
  EXPECT_NE(json.out.find("\"lock\":\"SHARE on users\""), std::string::npos) << json.out;
  RunResult text = km::testing::Run({Binary(), "plan", "--dir", dir.path(), "--database-url", url, "-o", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("-- statement 1\nCREATE TABLE"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("-- statement 2 (lock: SHARE on users)\n"), std::string::npos)
      << text.out;
}

// What enum-value-in-same-transaction predicts is what PostgreSQL does with drizzle-kit's
// output for a new enum label used as a default.
TEST(LintDatabase, NewEnumLabelInTheSameTransactionReallyFails) {
  const std::string url = FreshDatabase("t_lint_enum");
  MigrationDir dir;
  dir.Add("0000_mood", 1, {"CREATE TYPE \"public\".\"mood\" AS ENUM('ok', 'meh');",
                           "CREATE TABLE \"users\" (\"mood\" \"mood\" DEFAULT 'ok');"});
  dir.Add("0001_sad", 2, {"ALTER TYPE \"public\".\"mood\" ADD VALUE 'sad';",
                          "ALTER TABLE \"users\" ALTER COLUMN \"mood\" SET DEFAULT 'sad';"});
  RunResult lint = km::testing::Run({Binary(), "lint", "--dir", dir.path(), "-o", "json"});
  EXPECT_EQ(lint.exit_code, 14) << lint.out;
  EXPECT_NE(lint.out.find("\"rule\":\"enum-value-in-same-transaction\""), std::string::npos);
  RunResult apply = km::testing::Run({Binary(), "apply", "--dir", dir.path(), "--database-url", url, "-o", "json"});
  EXPECT_EQ(apply.exit_code, 1) << apply.out;
  EXPECT_NE(apply.out.find("unsafe use of new value"), std::string::npos) << apply.out;
}

struct TypeChange {
  std::string from;
  std::string to;
};

// For each change: does PostgreSQL 15 rewrite the table, and does lint say it does?
TEST(LintDatabase, RewritePredictionsMatchPostgres) {
  const std::string url = FreshDatabase("t_lint_rewrites");
  const std::vector<TypeChange> changes = {
      {"varchar(20)", "text"},         {"varchar(20)", "varchar(40)"},
      {"varchar(20)", "varchar"},      {"text", "varchar"},
      {"numeric(10,2)", "numeric(12,2)"}, {"numeric(10,2)", "numeric"},
      {"cidr", "inet"},                {"varchar(40)", "varchar(20)"},
      {"integer", "bigint"},           {"text", "varchar(20)"},
      {"numeric(10,2)", "numeric(10,3)"}, {"integer", "text"},
      {"text", "text[]"},              {"json", "jsonb"},
  };
  for (const TypeChange& change : changes) {
    SCOPED_TRACE(change.from + " -> " + change.to);
    MigrationDir dir;
    dir.Add("0000_t", 1, {"CREATE TABLE t (c " + change.from + ");"});
    dir.Add("0001_alter", 2, {"ALTER TABLE t ALTER COLUMN c SET DATA TYPE " + change.to +
                              (change.to == "text[]" ? " USING ARRAY[c]" : "") + ";"});
    auto set = migrations::LoadMigrationSet(dir.path());
    ASSERT_TRUE(set.ok());
    lint::LintOptions options;
    options.pending = std::set<std::string>{"0001_alter"};
    const bool lint_says_rewrite = !lint::Lint(*set, options).findings.empty();

    Query(url, "DROP TABLE IF EXISTS t; CREATE TABLE t (c " + change.from + ");");
    Query(url, "INSERT INTO t VALUES (NULL)");
    const std::string before = QueryValue(url, "SELECT relfilenode FROM pg_class WHERE relname = 't'");
    Query(url, set->migrations[1].statements[0]);
    const std::string after = QueryValue(url, "SELECT relfilenode FROM pg_class WHERE relname = 't'");
    EXPECT_EQ(lint_says_rewrite, before != after);
  }
}

}  // namespace
}  // namespace km::testing
