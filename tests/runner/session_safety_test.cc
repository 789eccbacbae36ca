// Defects from the adversarial review of the runner (shared notes,
// runner-review.md), each reproduced here against a real PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include "database.h"
#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

// Review #1: the lock lived on a second, idle connection; idle_session_timeout
// ended it mid-run and a second runner applied the same data migration again.
TEST(SessionSafety, IdleSessionTimeoutCannotHandTheLockToASecondRunner) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_seed", 1000, {"CREATE TABLE accounts (id int primary key, balance int);",
                              "INSERT INTO accounts VALUES (1, 100);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  dir.Add("0001_double", 2000, {"UPDATE accounts SET balance = balance * 2;", "SELECT pg_sleep(4);"});
  std::string db = url.substr(url.rfind('/') + 1);
  Query(url, "ALTER DATABASE " + db + " SET idle_session_timeout = '1s'");
  Subprocess first(KmArgv(url, {"apply", "--dir", dir.path()}));
  ASSERT_TRUE(first.WaitForOutput("\"migration_started\"", std::chrono::seconds(20))) << first.err();
  sleep(2);
  auto second = Km(url, {"apply", "--dir", dir.path(), "--advisory-lock-timeout", "20s"});
  EXPECT_EQ(first.Wait(), 0) << first.err() << first.out();
  EXPECT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_EQ(EventField(second.out, "summary", "applied"), "0") << second.out;
  EXPECT_EQ(QueryValue(url, "SELECT balance FROM accounts"), "200");
  EXPECT_EQ(HistoryRows(url).size(), 2u);
}

TEST(SessionSafety, AMigrationThatDropsTheRunnersLockIsStoppedBeforeItCommits) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_sneaky", 1000, {"CREATE TABLE t (id int);", "SELECT pg_advisory_unlock_all();"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("no longer held"), std::string::npos) << run.err;
  EXPECT_TRUE(PublicTables(url).empty());
  EXPECT_TRUE(HistoryRows(url).empty());
}

// Review #3 A: a COMMIT inside a migration ended the runner's transaction;
// the events said "0 committed" and the rest ran in autocommit.
TEST(SessionSafety, ACommitInsideAMigrationStopsItAndSaysWhatStayedCommitted) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_init", 1000, {"BEGIN;\nCREATE TABLE users (id int primary key);\nCOMMIT;",
                              "ALTER TABLE users ADD COLUMN email text;"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("ended the migration's transaction"), std::string::npos) << run.err;
  EXPECT_EQ(EventField(run.out, "migration_failed", "statement"), "1");
  EXPECT_EQ(EventField(run.out, "migration_failed", "committed_statements"), "1");
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                            "AND column_name = 'email'"),
            "0")
      << "statement 2 must not run in autocommit";
  EXPECT_TRUE(HistoryRows(url).empty());
}

// Review #3 B: a BEGIN in a no-transaction migration swallowed the history
// INSERT into a transaction the disconnect rolled back; the run said "applied".
TEST(SessionSafety, ABeginLeftOpenInANoTransactionMigrationFailsIt) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_enum", 1000, {"CREATE TYPE mood AS ENUM ('ok');", "CREATE TABLE people (m mood);"});
  dir.Add("0001_meh", 2000, {"-- kubectl-migrate:no-transaction\nALTER TYPE mood ADD VALUE 'meh';",
                             "BEGIN;\nINSERT INTO people VALUES ('meh');"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("opened a transaction"), std::string::npos) << run.err;
  EXPECT_EQ(HistoryRows(url).size(), 1u) << "0001_meh must not be recorded";
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM people"), "0");
}

// Review #4: SET search_path in one migration moved the next one's tables.
TEST(SessionSafety, SettingsOfOneMigrationDoNotLeakIntoTheNext) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_reporting", 1000, {"CREATE SCHEMA reporting;", "SET search_path TO reporting;",
                                   "CREATE VIEW daily AS SELECT 1 AS n;", "SET statement_timeout = '1s';"});
  dir.Add("0001_users", 2000, {"CREATE TABLE \"users\" (id int primary key);", "SELECT pg_sleep(1.5);"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(QueryValue(url, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'users'"),
            "public");
  EXPECT_EQ(QueryValue(url, "SELECT table_schema FROM information_schema.views WHERE table_name = 'daily'"),
            "reporting");
}

// Review #5: a deferred constraint failing at COMMIT had no migration_failed
// event and no tag; batch mode reported rolled-back migrations as applied.
TEST(SessionSafety, AFailureAtCommitIsAttributedToItsMigration) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_tables", 1000, {"CREATE TABLE parent (id int primary key);",
                                "CREATE TABLE child (id int, parent_id int REFERENCES parent(id) "
                                "DEFERRABLE INITIALLY DEFERRED);"});
  dir.Add("0001_bad_data", 2000, {"INSERT INTO child VALUES (1, 42);"});
  auto batch = Km(url, {"apply", "--dir", dir.path(), "--tx-mode", "all"});
  EXPECT_EQ(batch.exit_code, 1) << batch.err;
  EXPECT_TRUE(EventFields(batch.out, "migration_applied", "tag").empty()) << batch.out;
  EXPECT_EQ(EventField(batch.out, "migration_failed", "phase"), "commit");
  EXPECT_EQ(EventField(batch.out, "migration_failed", "sqlstate"), "23503");
  EXPECT_FALSE(EventFields(batch.out, "batch_rolled_back", "migrations").empty());
  EXPECT_EQ(EventField(batch.out, "summary", "applied"), "0");
  EXPECT_EQ(EventField(batch.out, "summary", "failed"), "1");
  EXPECT_TRUE(HistoryRows(url).empty());

  auto per = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(per.exit_code, 1) << per.err;
  EXPECT_EQ(EventField(per.out, "migration_failed", "tag"), "0001_bad_data") << per.out;
  EXPECT_EQ(EventField(per.out, "migration_failed", "phase"), "commit");
  EXPECT_NE(per.err.find("migration 0001_bad_data failed at COMMIT"), std::string::npos) << per.err;
  EXPECT_EQ(HistoryRows(url).size(), 1u);
}

// Review #6: every 57014 exited 6 ("interrupted by a signal").
TEST(SessionSafety, AStatementTimeoutIsAFailedMigrationNotAnInterruption) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_slow", 1000, {"SELECT pg_sleep(3);"});
  auto flag = Km(url, {"apply", "--dir", dir.path(), "--statement-timeout", "1s"});
  EXPECT_EQ(flag.exit_code, 1) << flag.err;
  EXPECT_EQ(EventField(flag.out, "migration_failed", "sqlstate"), "57014");
  auto env = Km(url, {"apply", "--dir", dir.path()}, {{"PGOPTIONS", "-c statement_timeout=1s"}});
  EXPECT_EQ(env.exit_code, 1) << env.err;
}

// Review #7: client_encoding was not forced to UTF8 as drizzle's driver does.
TEST(SessionSafety, TextIsStoredAsUtf8InALatin1Database) {
  std::string db = "t_sessionsafety_latin1";
  Query(Server().Url("postgres"), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  Query(Server().Url("postgres"),
        "CREATE DATABASE " + db + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
  std::string url = Server().Url(db);
  MigrationDir dir;
  dir.Add("0000_city", 1000, {"CREATE TABLE city (name text);", "INSERT INTO city VALUES ('Zürich');"});
  auto run = Km(url, {"apply", "--dir", dir.path()}, {{"PGCLIENTENCODING", "LATIN1"}});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(QueryValue(url, "SELECT length(name) FROM city"), "6");
}

// The deprecated spelling of the advisory-lock wait still works, and says so.
TEST(SessionSafety, TheOldLockTimeoutFlagStillWorksWithADeprecationLine) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  auto run = Km(url, {"apply", "--dir", dir.path(), "--lock-timeout", "5s"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("--lock-timeout has been deprecated, use --advisory-lock-timeout"), std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace km::testing
