// The advisory lock, concurrent runners, and runners that die or are stopped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <set>

#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

// Polls until `url` shows `expected` advisory locks, for up to 10 s.
bool WaitForAdvisoryLocks(const std::string& url, const std::string& expected) {
  for (int i = 0; i < 200; ++i) {
    if (AdvisoryLockCount(url) == expected) return true;
    usleep(50'000);
  }
  return false;
}

// Holds the default advisory lock from a psql session for `seconds`.
std::unique_ptr<Subprocess> HoldLock(const std::string& url, int seconds) {
  auto holder = std::make_unique<Subprocess>(Strings{
      "psql", url, "-c",
      "SELECT pg_advisory_lock(123456789), pg_sleep(" + std::to_string(seconds) + ")"});
  EXPECT_TRUE(WaitForAdvisoryLocks(url, "1")) << "psql did not take the lock";
  return holder;
}

TEST(Concurrency, EightRunnersApplyEveryMigrationExactlyOnce) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  for (int i = 0; i < 12; ++i) {
    std::string n = std::to_string(i);
    dir.Add("00" + (i < 10 ? "0" + n : n) + "_m", 1000 + i,
            {"CREATE TABLE t" + n + " (id int);", "SELECT pg_sleep(0.02);"});
  }
  std::vector<std::unique_ptr<Subprocess>> runners;
  for (int i = 0; i < 8; ++i) {
    runners.push_back(std::make_unique<Subprocess>(KmArgv(url, {"apply", "--dir", dir.path()})));
  }
  std::multiset<std::string> applied;
  for (auto& runner : runners) {
    EXPECT_EQ(runner->Wait(), 0) << runner->err();
    for (const auto& tag : EventFields(runner->out(), "migration_applied", "tag")) applied.insert(tag);
    EXPECT_EQ(EventField(runner->out(), "summary", "pending"), "0");
  }
  EXPECT_EQ(applied.size(), 12u);
  EXPECT_EQ(std::set<std::string>(applied.begin(), applied.end()).size(), 12u);
  EXPECT_EQ(HistoryRows(url).size(), 12u);
  EXPECT_EQ(AdvisoryLockCount(url), "0");
}

TEST(Concurrency, WaitsForTheLockAndSaysWhoHoldsIt) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  auto holder = HoldLock(url, 2);
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(EventField(run.out, "lock_waiting", "holder").find("(psql, "), std::string::npos) << run.out;
  EXPECT_GT(std::stoll(EventField(run.out, "lock_acquired", "waited_ms")), 0);
  EXPECT_EQ(PublicTables(url), (Strings{"a"}));
  EXPECT_EQ(holder->Wait(), 0);
}

TEST(Concurrency, LockTimeoutHasItsOwnExitCodeAndNamesTheHolder) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  auto holder = HoldLock(url, 30);
  auto run = Km(url, {"apply", "--dir", dir.path(), "--lock-timeout", "1s"});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("advisory lock 123456789 still held after 1s by pid "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("(psql, "), std::string::npos) << run.err;
  EXPECT_TRUE(PublicTables(url).empty());
  holder->Signal(SIGKILL);
}

// A migration whose second statement takes a while, to stop the runner in it.
void AddSlow(MigrationDir& dir) {
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_slow", 2000, {"CREATE TABLE half (id int);", "SELECT pg_sleep(3);"})
      .Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
}

// Starts apply on an AddSlow folder; returns once it is inside 0001_slow.
std::unique_ptr<Subprocess> RunnerInsideSlowMigration(const std::string& url, const MigrationDir& dir) {
  auto runner = std::make_unique<Subprocess>(KmArgv(url, {"apply", "--dir", dir.path()}));
  EXPECT_TRUE(runner->WaitForOutput("\"event\":\"migration_started\",\"tag\":\"0001_slow\"", 20s))
      << runner->out();
  usleep(300'000);  // into the statements; the assertions below hold whenever it lands
  return runner;
}

TEST(Interruption, KilledRunnerLeavesNothingHalfAppliedAndTheLockFree) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  AddSlow(dir);
  auto runner_process = RunnerInsideSlowMigration(url, dir);
  Subprocess& runner = *runner_process;
  runner.Signal(SIGKILL);
  EXPECT_EQ(runner.Wait(), 128 + SIGKILL);
  EXPECT_TRUE(WaitForAdvisoryLocks(url, "0"));
  EXPECT_EQ(HistoryRows(url).size(), 1u);
  auto rerun = Km(url, {"apply", "--dir", dir.path()});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(EventFields(rerun.out, "migration_applied", "tag"), (Strings{"0001_slow", "0002_c"}));
  EXPECT_EQ(PublicTables(url), (Strings{"a", "c", "half"}));
}

TEST(Interruption, SigtermRollsBackTheCurrentMigrationUnlocksAndExitsInterrupted) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  AddSlow(dir);
  auto runner_process = RunnerInsideSlowMigration(url, dir);
  Subprocess& runner = *runner_process;
  runner.Signal(SIGTERM);
  EXPECT_EQ(runner.Wait(20s), 6) << runner.err();
  EXPECT_EQ(PublicTables(url), (Strings{"a"}));  // "half" rolled back
  EXPECT_EQ(HistoryRows(url).size(), 1u);
  EXPECT_EQ(AdvisoryLockCount(url), "0");
  EXPECT_EQ(EventField(runner.out(), "migration_failed", "sqlstate"), "57014");
  EXPECT_EQ(EventNames(runner.out()).back(), "summary");
  EXPECT_NE(EventNames(runner.out()).end(),
            std::find(EventNames(runner.out()).begin(), EventNames(runner.out()).end(), "lock_released"));
  EXPECT_NE(runner.err().find("kubectl-migrate: error: migration 0001_slow failed at statement 2 of 2"),
            std::string::npos) << runner.err();
}

TEST(Interruption, SigintWhileWaitingForTheLockExitsInterrupted) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  auto holder = HoldLock(url, 30);
  Subprocess runner(KmArgv(url, {"apply", "--dir", dir.path()}));
  ASSERT_TRUE(runner.WaitForOutput("lock_waiting", 20s)) << runner.out();
  runner.Signal(SIGINT);
  EXPECT_EQ(runner.Wait(20s), 6) << runner.err();
  EXPECT_NE(runner.err().find("interrupted while waiting for advisory lock 123456789"), std::string::npos);
  EXPECT_TRUE(PublicTables(url).empty());
  holder->Signal(SIGKILL);
}

}  // namespace
}  // namespace km::testing
