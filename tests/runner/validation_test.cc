// What apply refuses, and bad input: each gets one clear error line, a
// distinct exit code, and nothing executed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

TEST(Validation, EditedAppliedMigrationStopsTheRunBeforeAnythingExecutes) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  dir.Edit("0000_a", "CREATE TABLE a (id bigint);");
  dir.Add("0001_b", 2000, {"CREATE TABLE b (id int);"});
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_EQ(PublicTables(url), (Strings{"a"}));
  EXPECT_EQ(EventField(run.out, "drift", "tag"), "0000_a");
  EXPECT_NE(run.err.find("refusing to migrate, nothing was run: drift in 0000_a"), std::string::npos)
      << run.err;
  auto status = Km(url, {"status", "--dir", dir.path()});
  EXPECT_NE(status.out.find("\"state\":\"drifted\""), std::string::npos) << status.out;
}

TEST(Validation, OutOfOrderMigrationIsReportedThenAppliedWhenAllowed) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"}).Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  // A branch merged a migration generated before 0002_c was applied.
  MigrationDir merged;
  merged.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_late", 2000, {"CREATE TABLE late (id int);"})
      .Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  auto refused = Km(url, {"apply", "--dir", merged.path()});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_EQ(EventField(refused.out, "out_of_order", "tag"), "0001_late");
  EXPECT_NE(refused.err.find("out-of-order 0001_late"), std::string::npos) << refused.err;
  EXPECT_EQ(PublicTables(url), (Strings{"a", "c"}));

  auto allowed = Km(url, {"apply", "--dir", merged.path(), "--allow-out-of-order"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(EventFields(allowed.out, "migration_applied", "tag"), (Strings{"0001_late"}));
  EXPECT_EQ(PublicTables(url), (Strings{"a", "c", "late"}));
}

TEST(Validation, RowsWithNoFileAreRefused) {
  std::string url = DatabaseForThisTest();
  MigrationDir newer;
  newer.Add("0000_a", 1000, {"CREATE TABLE a (id int);"}).Add("0001_b", 2000, {"CREATE TABLE b (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", newer.path()}).exit_code, 0);
  MigrationDir older;
  older.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  auto run = Km(url, {"apply", "--dir", older.path()});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_EQ(EventField(run.out, "unknown_row", "id"), "2");
}

TEST(Validation, BrokenJournalNamesTheFileAndRunsNothing) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  dir.WriteJournal("{\"entries\": [ {\"idx\": 0, \"when\": 1000, ");
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find(dir.path() + "/meta/_journal.json: invalid JSON at line 1"), std::string::npos)
      << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_TRUE(PublicTables(url).empty());
  EXPECT_EQ(QueryValue(url, "SELECT to_regclass('drizzle.__drizzle_migrations') IS NULL"), "t");
}

TEST(Validation, MissingFileNamesTheMigration) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"}).Add("0001_b", 2000, {"CREATE TABLE b (id int);"});
  dir.RemoveFile("0001_b");
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("migration 0001_b is in " + dir.path() + "/meta/_journal.json but its file is "
                         "missing"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(PublicTables(url).empty());
}

TEST(Validation, MissingFolder) {
  std::string url = DatabaseForThisTest();
  auto run = Km(url, {"apply", "--dir", "/nonexistent/migrations"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("migrations folder /nonexistent/migrations not found"), std::string::npos);
}

TEST(Validation, DeadDatabaseIsUnreachableAndThePasswordNeverShows) {
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"SELECT 1;"});
  // A port nothing listens on.
  auto run = Km("postgres://app:Sup3rS3cret@127.0.0.1:1/yomu", {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 5) << run.err;
  EXPECT_NE(run.err.find("cannot connect to postgres://app:***@127.0.0.1:1/yomu"), std::string::npos)
      << run.err;
  EXPECT_EQ((run.out + run.err).find("Sup3rS3cret"), std::string::npos);
  EXPECT_EQ(EventField(run.out, "summary", "exit_code"), "5");
}

TEST(Validation, WrongPasswordIsUnreachableAndRedacted) {
  const auto& server = Server();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"SELECT 1;"});
  std::string url = "postgres://" + server.user + ":Wr0ngPassw0rd@" + server.host + ":" + server.port + "/yomu";
  auto run = Km(url, {"apply", "--dir", dir.path()});
  EXPECT_EQ(run.exit_code, 5) << run.err;
  EXPECT_NE(run.err.find("password authentication failed"), std::string::npos) << run.err;
  EXPECT_EQ((run.out + run.err).find("Wr0ngPassw0rd"), std::string::npos);
  // The real password never shows in a successful run either.
  std::string real = DatabaseForThisTest();
  auto ok = Km(real, {"apply", "--dir", dir.path()});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ((ok.out + ok.err).find(server.password), std::string::npos);
}

TEST(Validation, UsageErrors) {
  auto no_db = km::testing::Run({Binary(), "apply"}, {{"DATABASE_URL", ""}});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_EQ(no_db.err, "kubectl-migrate: error: no database: pass --database-url or set DATABASE_URL\n");
  auto bad_mode = km::testing::Run({Binary(), "apply", "--database-url=x", "--tx-mode=sometimes"});
  EXPECT_EQ(bad_mode.exit_code, 2);
  auto unknown = km::testing::Run({Binary(), "apply", "--no-such-flag"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown flag: --no-such-flag"), std::string::npos);
}

TEST(Baseline, RecordsWithoutRunningThenApplyContinues) {
  std::string url = DatabaseForThisTest();
  // The database was created by an old init.sql.
  Query(url, "CREATE TABLE a (id int); CREATE TABLE b (id int);");
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_b", 2000, {"CREATE TABLE b (id int);"})
      .Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  auto baseline = Km(url, {"baseline", "--to", "0001_b", "--dir", dir.path()});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_EQ(EventFields(baseline.out, "baseline_recorded", "tag"), (Strings{"0000_a", "0001_b"}));
  auto apply = Km(url, {"apply", "--dir", dir.path()});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_EQ(EventFields(apply.out, "migration_applied", "tag"), (Strings{"0002_c"}));
}

TEST(Baseline, RefusesWhenTheTableDisagrees) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"}).Add("0001_b", 2000, {"CREATE TABLE b (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  auto behind = Km(url, {"baseline", "--to", "0000_a", "--dir", dir.path()});
  EXPECT_EQ(behind.exit_code, 3);
  EXPECT_NE(behind.err.find("0001_b is already applied and comes after 0000_a"), std::string::npos)
      << behind.err;
  auto unknown_tag = Km(url, {"baseline", "--to", "9999_nope", "--dir", dir.path()});
  EXPECT_EQ(unknown_tag.exit_code, 3);
  EXPECT_NE(unknown_tag.err.find("--to 9999_nope: no such migration"), std::string::npos);
  auto missing_to = Km(url, {"baseline", "--dir", dir.path()});
  EXPECT_EQ(missing_to.exit_code, 2);
  EXPECT_EQ(HistoryRows(url).size(), 2u);
}

TEST(Status, ReportsEveryStateAndTheLockHolderAsJson) {
  std::string url = DatabaseForThisTest();
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"}).Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  dir.Add("0001_late", 2000, {"SELECT 1;"}).Add("0003_d", 4000, {"SELECT 1;"});
  dir.Edit("0000_a", "CREATE TABLE a (id bigint);");
  Query(url, "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('feed', 3500)");
  Subprocess holder({"psql", url, "-c", "SELECT pg_advisory_lock(123456789), pg_sleep(30)"});
  for (int i = 0; i < 100 && AdvisoryLockCount(url) != "1"; ++i) {
    usleep(50'000);
  }
  auto status = Km(url, {"status", "--dir", dir.path()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const std::string& json = status.out;
  EXPECT_NE(json.find("{\"tag\":\"0000_a\",\"state\":\"drifted\""), std::string::npos) << json;
  EXPECT_NE(json.find("{\"tag\":\"0002_c\",\"state\":\"applied\""), std::string::npos) << json;
  EXPECT_NE(json.find("{\"tag\":\"0001_late\",\"state\":\"out-of-order\""), std::string::npos) << json;
  EXPECT_NE(json.find("{\"tag\":\"0003_d\",\"state\":\"pending\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"unknown_rows\":[{\"id\":3,\"hash\":\"feed\",\"created_at\":3500}]"),
            std::string::npos) << json;
  EXPECT_NE(json.find("\"application_name\":\"psql\""), std::string::npos) << json;
  holder.Signal(SIGKILL);
}

}  // namespace
}  // namespace km::testing
