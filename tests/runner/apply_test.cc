// kubectl-migrate apply against the real PostgreSQL the test run started.
#include <gtest/gtest.h>

#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

void AddThree(MigrationDir& dir) {
  dir.Add("0000_users", 1000, {"CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);",
                               "CREATE UNIQUE INDEX users_email ON users (email);"})
      .Add("0001_sessions", 2000, {"CREATE TABLE sessions (id serial PRIMARY KEY, user_id int "
                                   "REFERENCES users(id));"})
      .Add("0002_bookmarks", 3000, {"CREATE TABLE bookmarks (id serial PRIMARY KEY, url text);",
                                    "INSERT INTO bookmarks (url) VALUES ('https://example.com');",
                                    "CREATE INDEX bookmarks_url ON bookmarks (url);"});
}

TEST(Apply, FreshDatabaseGetsEveryMigrationRecordedLikeDrizzle) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  AddThree(dir);
  auto run = Km(url, {"apply", "--dir", dir.path()});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(PublicTables(url), (Strings{"bookmarks", "sessions", "users"}));
  EXPECT_EQ(EventFields(run.out, "migration_applied", "tag"),
            (Strings{"0000_users", "0001_sessions", "0002_bookmarks"}));
  auto rows = HistoryRows(url);
  ASSERT_EQ(rows.size(), 3u);
  // created_at is the journal's "when"; hash is sha256 of the file (see interop tests).
  EXPECT_EQ(rows[0].substr(0, 5), "1000:");
  EXPECT_EQ(rows[2].substr(0, 5), "3000:");
  EXPECT_EQ(EventField(run.out, "summary", "success"), "true");
  EXPECT_EQ(EventField(run.out, "summary", "applied"), "3");
  EXPECT_EQ(EventField(run.out, "summary", "pending"), "0");
  EXPECT_EQ(EventField(run.out, "summary", "schema_version"), "0002_bookmarks");
  EXPECT_EQ(EventField(run.out, "summary", "alert"), "false");
  EXPECT_EQ(EventNames(run.out).front(), "lock_acquired");
  EXPECT_EQ(QueryValue(url, "SELECT column_default FROM information_schema.columns WHERE "
                            "table_schema='drizzle' AND column_name='id'"),
            "nextval('drizzle.__drizzle_migrations_id_seq'::regclass)");
}

TEST(Apply, SecondRunAppliesNothing) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  AddThree(dir);
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  auto again = Km(url, {"apply", "--dir", dir.path()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(EventField(again.out, "summary", "applied"), "0");
  EXPECT_TRUE(EventFields(again.out, "migration_started", "tag").empty());
  EXPECT_EQ(HistoryRows(url).size(), 3u);
}

TEST(Apply, FailureInTheMiddleKeepsEarlierMigrationsPerMigration) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_b", 2000, {"CREATE TABLE b (id int);", "INSERT INTO missing_table VALUES (1);"})
      .Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(PublicTables(url), (Strings{"a"}));  // b rolled back, c never ran
  EXPECT_EQ(HistoryRows(url).size(), 1u);
  EXPECT_EQ(EventField(run.out, "migration_failed", "tag"), "0001_b");
  EXPECT_EQ(EventField(run.out, "migration_failed", "statement"), "2");
  EXPECT_EQ(EventField(run.out, "migration_failed", "sqlstate"), "42P01");
  EXPECT_EQ(EventField(run.out, "migration_failed", "position"), "14");
  // The file is "CREATE TABLE b (id int);\n--> statement-breakpoint\nINSERT INTO missing_table ...".
  EXPECT_EQ(EventField(run.out, "migration_failed", "line"), "3");
  EXPECT_EQ(EventField(run.out, "migration_failed", "column"), "13");
  EXPECT_EQ(EventField(run.out, "summary", "applied"), "1");
  EXPECT_EQ(EventField(run.out, "summary", "failed"), "1");
  EXPECT_EQ(EventField(run.out, "summary", "pending"), "2");
  EXPECT_EQ(EventField(run.out, "summary", "schema_version"), "0000_a");
  EXPECT_NE(run.err.find("kubectl-migrate: error: migration 0001_b failed at statement 2 of 2 (" + dir.path() +
                         "/0001_b.sql:3:13): ERROR 42P01: relation \"missing_table\" does not exist"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(AdvisoryLockCount(url), "0");
}

TEST(Apply, FailureInBatchModeKeepsNothingLikeDrizzle) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_b", 2000, {"CREATE TABLE b (id int);", "SELECT 1/0;"});
  auto run = Km(url, {"apply", "--dir", dir.path(), "--tx-mode", "all"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(PublicTables(url).empty());
  EXPECT_TRUE(HistoryRows(url).empty());
  EXPECT_EQ(EventField(run.out, "migration_failed", "sqlstate"), "22012");
  EXPECT_EQ(EventField(run.out, "batch_rolled_back", "migrations"), "2");
  EXPECT_EQ(EventField(run.out, "summary", "applied"), "0");
}

TEST(Apply, ConcurrentlyIndexRunsOutsideATransaction) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_t", 1000, {"CREATE TABLE t (id int);", "INSERT INTO t SELECT generate_series(1, 1000);"})
      .Add("0001_idx", 2000, {"CREATE INDEX CONCURRENTLY t_id ON t (id);"})
      .Add("0002_enum", 3000, {"-- kubectl-migrate:no-transaction\nCREATE TYPE mood AS ENUM ('ok');",
                               "ALTER TYPE mood ADD VALUE 'great';",
                               "CREATE TABLE feelings (m mood DEFAULT 'great');"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(EventFields(run.out, "migration_started", "transaction"),
            (Strings{"per-migration", "none", "none"}));
  EXPECT_EQ(QueryValue(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id'::regclass"), "t");
  EXPECT_EQ(HistoryRows(url).size(), 3u);
}

TEST(Apply, ConcurrentlyInBatchModeIsRefusedBeforeRunning) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_t", 1000, {"CREATE TABLE t (id int);"})
      .Add("0001_idx", 2000, {"CREATE INDEX CONCURRENTLY t_id ON t (id);"});
  auto run = Km(url, {"apply", "--dir", dir.path(), "--tx-mode=all"});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("0001_idx cannot run in the batch transaction"), std::string::npos) << run.err;
  EXPECT_TRUE(PublicTables(url).empty());
}

TEST(Apply, CustomHistoryTableIsUsedAndNamed) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  AddThree(dir);
  auto run = Km(url, {"apply", "--dir", dir.path(), "--migrations-schema", "public",
                      "--migrations-table", "__drizzle_migrations__"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(HistoryRows(url, "public.__drizzle_migrations__").size(), 3u);
  EXPECT_EQ(QueryValue(url, "SELECT to_regclass('drizzle.__drizzle_migrations') IS NULL"), "t");
  EXPECT_EQ(EventField(run.out, "summary", "table"), "public.__drizzle_migrations__");
}

TEST(Apply, AlertWhenSlowerThanTheThreshold) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_slow", 1000, {"SELECT pg_sleep(0.3);"});
  auto run = Km(url, {"apply", "--dir", dir.path(), "--alert-threshold", "100ms"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(EventField(run.out, "summary", "alert"), "true");
  EXPECT_EQ(EventField(run.out, "alert", "threshold_ms"), "100");
}

TEST(Plan, ShowsStatementsAndChangesNothing) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  AddThree(dir);
  for (const char* command : {"plan", "apply --dry-run"}) {
    std::vector<std::string> args = {command == std::string("plan") ? "plan" : "apply"};
    if (command != std::string("plan")) args.push_back("--dry-run");
    args.insert(args.end(), {"--dir", dir.path()});
    auto run = Km(url, args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(EventFields(run.out, "plan_migration", "tag"),
              (Strings{"0000_users", "0001_sessions", "0002_bookmarks"}));
    EXPECT_EQ(EventFields(run.out, "plan_statement", "sql").size(), 6u);
    EXPECT_EQ(EventField(run.out, "plan_summary", "statements"), "6");
  }
  EXPECT_TRUE(PublicTables(url).empty());
  EXPECT_EQ(QueryValue(url, "SELECT to_regclass('drizzle.__drizzle_migrations') IS NULL"), "t");
}

}  // namespace
}  // namespace km::testing
