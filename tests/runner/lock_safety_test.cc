// Bounded DDL lock waits with retries, named blockers and concurrent index
// builds, against a real PostgreSQL (issue: the lock queue behind a DDL).
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "database.h"
#include "events.h"
#include "lock_probe.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

void SeedUsers(const std::string& url) {
  Query(url, "CREATE TABLE users (id int PRIMARY KEY, name text); "
             "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 1000) g");
}

// The scenario from the issue: a report holds ACCESS SHARE on users for a
// while; the migration's ALTER TABLE queues for ACCESS EXCLUSIVE and, without
// a lock timeout, every application query queues behind it.
TEST(LockSafety, LiveQueriesNeverQueueLongBehindAMigrationThatWaitsForALock) {
  std::string url = DatabaseForThisTest();
  SeedUsers(url);
  MigrationDir dir;
  dir.Add("0000_email", 1000, {"ALTER TABLE users ADD COLUMN email text;"});
  auto report = HoldTableForSeconds(url, "users", 6);
  // This database's report: tests running beside this one hold reports of their own.
  std::string report_pid = QueryValue(url,
                                      "SELECT pid FROM pg_stat_activity WHERE application_name = "
                                      "'nightly-report' AND datname = current_database()");
  ApplicationProbe app(url, "SELECT count(*) FROM users");
  auto run = Km(url, {"apply", "--dir", dir.path()});
  int64_t worst_stall_ms = app.Stop();
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(report->Wait(), 0) << report->err();
  // Default --ddl-lock-timeout is 500ms; the report ran 6 s. Without the
  // guard the probe stalls for the rest of the report (several seconds).
  EXPECT_LT(worst_stall_ms, 2'500) << "the application queued behind the migration";
  EXPECT_GT(app.queries(), 50);
  EXPECT_FALSE(EventFields(run.out, "migration_retry", "attempt").empty()) << run.out;
  EXPECT_EQ(EventField(run.out, "migration_retry", "sqlstate"), "55P03");
  EXPECT_EQ(EventField(run.out, "lock_blocked", "blocker_application_name"), "nightly-report") << run.out;
  EXPECT_EQ(EventField(run.out, "lock_blocked", "blocker_pid"), report_pid);
  EXPECT_EQ(EventField(run.out, "lock_blocked", "blocker_state"), "active");
  EXPECT_GT(std::stoll(EventField(run.out, "lock_blocked", "blocker_transaction_ms")), 0);
  EXPECT_EQ(EventField(run.out, "lock_blocked", "blocker_query"), "") << "query text only when asked";
  EXPECT_GT(std::stoll(EventField(run.out, "summary", "retries")), 0);
  EXPECT_GT(std::stoll(EventField(run.out, "summary", "blocked_ms")), 0);
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM information_schema.columns "
                            "WHERE table_name = 'users' AND column_name = 'email'"),
            "1");
}

TEST(LockSafety, ABlockerThatOutlivesTheBudgetFailsWithTheRetryCodeAndLeavesNothingHalfDone) {
  std::string url = DatabaseForThisTest();
  SeedUsers(url);
  MigrationDir dir;
  dir.Add("0000_two", 1000, {"CREATE TABLE audit (id int);", "ALTER TABLE users ADD COLUMN email text;"});
  auto report = HoldTableForSeconds(url, "users", 30);
  auto run = Km(url, {"apply", "--dir", dir.path(), "--ddl-retry-budget", "3s", "--show-blocker-queries"});
  EXPECT_EQ(run.exit_code, 12) << run.err << run.out;
  EXPECT_NE(run.err.find("blocked by pid"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("nightly-report"), std::string::npos) << run.err;
  EXPECT_EQ(EventField(run.out, "migration_failed", "retryable"), "true");
  EXPECT_EQ(EventField(run.out, "migration_failed", "sqlstate"), "55P03");
  EXPECT_NE(EventField(run.out, "lock_blocked", "blocker_query").find("pg_sleep"), std::string::npos)
      << "--show-blocker-queries adds the query text: " << run.out;
  EXPECT_EQ(PublicTables(url), (Strings{"users"})) << "statement 1 must have been rolled back";
  EXPECT_TRUE(HistoryRows(url).empty());
  EXPECT_EQ(AdvisoryLockCount(url), "0");
  report->Signal(SIGTERM);
  report->Wait();
}

TEST(LockSafety, AMigrationsOwnLockTimeoutWinsOverTheRunners) {
  std::string url = DatabaseForThisTest();
  SeedUsers(url);
  MigrationDir dir;
  dir.Add("0000_patient", 1000, {"SET LOCAL lock_timeout = '20s';", "ALTER TABLE users ADD COLUMN email text;"});
  auto report = HoldTableForSeconds(url, "users", 2);
  // No retries: only the migration's own 20 s timeout can let it through.
  auto run = Km(url, {"apply", "--dir", dir.path(), "--ddl-retry-budget", "0"});
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_TRUE(EventFields(run.out, "migration_retry", "attempt").empty());
  report->Wait();

  MigrationDir impatient;
  impatient.Add("0000_impatient", 1000, {"ALTER TABLE users ADD COLUMN phone text;"});
  auto report2 = HoldTableForSeconds(url, "users", 2);
  auto failed = Km(url, {"apply", "--dir", impatient.path(), "--migrations-table", "other_history",
                          "--ddl-retry-budget", "0"});
  EXPECT_EQ(failed.exit_code, 12) << "the runner's own 500ms timeout applies: " << failed.err;
  report2->Wait();
}

TEST(LockSafety, ZeroTurnsTheGuardOff) {
  std::string url = DatabaseForThisTest();
  SeedUsers(url);
  MigrationDir dir;
  dir.Add("0000_email", 1000, {"ALTER TABLE users ADD COLUMN email text;"});
  auto report = HoldTableForSeconds(url, "users", 2);
  auto run = Km(url, {"apply", "--dir", dir.path(), "--ddl-lock-timeout", "0", "--ddl-retry-budget", "0"});
  EXPECT_EQ(run.exit_code, 0) << "waited for the report like before: " << run.err;
  EXPECT_TRUE(EventFields(run.out, "migration_retry", "attempt").empty());
  report->Wait();
}

TEST(LockSafety, ANoTransactionMigrationResumesAtTheStatementThatLostItsLockWait) {
  std::string url = DatabaseForThisTest();
  SeedUsers(url);
  Query(url, "CREATE TABLE steps (n int)");
  MigrationDir dir;
  dir.Add("0000_steps", 1000,
          {"-- kubectl-migrate:no-transaction\nINSERT INTO steps VALUES (1);", "INSERT INTO steps VALUES (2);",
           "ALTER TABLE users ADD COLUMN email text;", "INSERT INTO steps VALUES (4);",
           "INSERT INTO steps VALUES (5);"});
  auto report = HoldTableForSeconds(url, "users", 3);
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  report->Wait();
  EXPECT_EQ(EventField(run.out, "migration_retry", "resume_statement"), "3") << run.out;
  EXPECT_EQ(EventField(run.out, "migration_retry", "committed_statements"), "2");
  EXPECT_EQ(QueryValue(url, "SELECT string_agg(n::text, ',' ORDER BY n) FROM steps"), "1,2,4,5")
      << "committed statements must never run twice";
  EXPECT_EQ(HistoryRows(url).size(), 1u);
}

// A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index of that
// name behind; IF NOT EXISTS would then silently keep the broken index.
TEST(LockSafety, AnInvalidIndexLeftByAFailedBuildIsDroppedBeforeBuildingAgain) {
  std::string url = DatabaseForThisTest();
  Query(url, "CREATE TABLE t (x int); INSERT INTO t VALUES (1), (1)");
  km::testing::Run({"psql", url, "-X", "-q", "-c", "CREATE UNIQUE INDEX CONCURRENTLY t_x_idx ON t (x)"});
  ASSERT_EQ(QueryValue(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x_idx'::regclass"), "f");
  MigrationDir dir;
  dir.Add("0000_index", 1000, {"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"t_x_idx\" ON \"t\" USING btree (\"x\");"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(EventField(run.out, "invalid_index_dropped", "index"), "public.t_x_idx") << run.out;
  EXPECT_EQ(QueryValue(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x_idx'::regclass"), "t");
}

// CREATE INDEX CONCURRENTLY waits for every transaction older than its
// snapshot. A second runner blocked in pg_advisory_lock would be one, and
// would wait for the first: a deadlock. Polled try-locks hold no snapshot.
TEST(LockSafety, AConcurrentIndexBuildAndARunnerWaitingForTheLockNeverDeadlock) {
  std::string url = DatabaseForThisTest();
  Query(url, "CREATE TABLE big (x int); INSERT INTO big SELECT g FROM generate_series(1, 200000) g");
  MigrationDir dir;
  dir.Add("0000_index", 1000,
          {"CREATE INDEX CONCURRENTLY big_x_idx ON big (x);", "SELECT pg_sleep(1);",
           "CREATE INDEX CONCURRENTLY big_x2_idx ON big ((x * 2));"});
  Subprocess first(KmArgv(url, {"apply", "--dir", dir.path()}));
  ASSERT_TRUE(first.WaitForOutput("\"lock_acquired\"", std::chrono::seconds(20))) << first.err();
  Subprocess second(KmArgv(url, {"apply", "--dir", dir.path(), "--advisory-lock-timeout", "60s"}));
  EXPECT_EQ(first.Wait(std::chrono::seconds(60)), 0) << first.err() << first.out();
  EXPECT_EQ(second.Wait(std::chrono::seconds(60)), 0) << second.err() << second.out();
  EXPECT_EQ(EventField(second.out(), "summary", "applied"), "0");
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM pg_index WHERE indrelid = 'big'::regclass AND indisvalid"), "2");
}

}  // namespace
}  // namespace km::testing
