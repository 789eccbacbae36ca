// `kubectl migrate wait` against a real PostgreSQL: an app's init container that holds its
// pod until the schema it was built for is there.
#include <gtest/gtest.h>

#include <csignal>

#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using std::chrono::seconds;

// The app's folder: three migrations.
struct ThreeMigrations : MigrationDir {
  ThreeMigrations() {
    Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
    Add("0001_b", 2000, {"CREATE TABLE b (id int);"});
    Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  }
};

TEST(Wait, HoldsUntilAnotherProcessAppliesTheFolderThenSaysReady) {
  std::string url = DatabaseForThisTest();
  ThreeMigrations dir;
  Subprocess wait(
      KmArgv(url, {"wait", "--dir", dir.path(), "--interval", "200ms", "--timeout", "60s"}));
  ASSERT_TRUE(
      wait.WaitForOutput("waiting for 3 of 3 migration(s): 0000_a, 0001_b, 0002_c", seconds(30)))
      << wait.err();
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  ASSERT_EQ(wait.Wait(seconds(30)), 0) << wait.err();
  EXPECT_TRUE(Contains(wait.out(),
                       R"({"ready":true,"schema_version":"0002_c","migrations":3,"waited_ms":)"))
      << wait.out();
  // Nothing was created or locked by the waiting: the history table is apply's.
  EXPECT_EQ(AdvisoryLockCount(url), "0");
}

TEST(Wait, UpToASchemaVersionIsReadyBeforeTheRest) {
  std::string url = DatabaseForThisTest();
  ThreeMigrations dir;
  MigrationDir first;
  first.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_b", 2000, {"CREATE TABLE b (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", first.path()}).exit_code, 0);
  auto ready =
      Km(url, {"wait", "--dir", dir.path(), "--schema-version", "0001_b", "--timeout", "5s"});
  EXPECT_EQ(ready.exit_code, 0) << ready.err;
  EXPECT_TRUE(Contains(ready.out, R"("schema_version":"0001_b","migrations":2)")) << ready.out;
}

TEST(Wait, ADrizzleKitV1FolderIsAwaitedByItsFolderNames) {
  std::string url = DatabaseForThisTest();
  MigrationFolders folders;
  folders.Add("20261124133532_authors", {"CREATE TABLE authors (id int);"})
      .Add("20261124133533_books", {"CREATE TABLE books (id int);"});
  auto waiting = Km(url, {"wait", "--dir", folders.path(), "--timeout", "0"});
  EXPECT_EQ(waiting.exit_code, 10) << waiting.err;
  EXPECT_TRUE(Contains(
      waiting.err, "waiting for 2 of 2 migration(s): 20261124133532_authors, 20261124133533_books"))
      << waiting.err;
  ASSERT_EQ(Km(url, {"apply", "--dir", folders.path()}).exit_code, 0);
  auto ready = Km(url, {"wait", "--dir", folders.path(), "--timeout", "0"});
  EXPECT_EQ(ready.exit_code, 0) << ready.err;
  EXPECT_TRUE(Contains(ready.out, R"("schema_version":"20261124133533_books","migrations":2)"))
      << ready.out;
}

TEST(Wait, TimesOutWithExitTenNamingWhatIsMissing) {
  std::string url = DatabaseForThisTest();
  ThreeMigrations dir;
  MigrationDir first;
  first.Add("0000_a", 1000, {"CREATE TABLE a (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", first.path()}).exit_code, 0);
  auto run = Km(url, {"wait", "--dir", dir.path(), "--timeout", "1s", "--interval", "200ms"});
  EXPECT_EQ(run.exit_code, 10) << run.err;
  EXPECT_TRUE(
      Contains(run.err,
               "kubectl-migrate: error: timed out after 1s waiting for 2 of 3 migration(s): "
               "0001_b, 0002_c (in drizzle.__drizzle_migrations)"))
      << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(Wait, AnAwaitedMigrationAppliedFromAnotherFileFailsAtOnce) {
  std::string url = DatabaseForThisTest();
  ThreeMigrations dir;
  ASSERT_EQ(Km(url, {"apply", "--dir", dir.path()}).exit_code, 0);
  dir.Edit("0001_b", "CREATE TABLE b (id bigint);");
  // --timeout far beyond the test's: only the drift ends it.
  auto run = Km(url, {"wait", "--dir", dir.path(), "--timeout", "1h"});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_TRUE(Contains(run.err, "0001_b is drifted")) << run.err;
}

TEST(Wait, ADatabaseThatNeverAnswersEndsWithItsErrorAndExitFive) {
  ThreeMigrations dir;
  // A port nothing listens on (the test PostgreSQL's port is elsewhere).
  auto run = Km("postgres://km:secret-pw@127.0.0.1:1/km?connect_timeout=2",
                {"wait", "--dir", dir.path(), "--timeout", "1s", "--interval", "200ms"});
  EXPECT_EQ(run.exit_code, 5) << run.err;
  EXPECT_TRUE(Contains(run.err, "timed out after 1s waiting for the schema: ")) << run.err;
  EXPECT_TRUE(Contains(run.err, "cannot read the database yet: ")) << run.err;
  EXPECT_FALSE(Contains(run.err, "secret-pw")) << run.err;
}

TEST(Wait, ASignalEndsTheWaitWithExitSix) {
  std::string url = DatabaseForThisTest();
  ThreeMigrations dir;
  Subprocess wait(
      KmArgv(url, {"wait", "--dir", dir.path(), "--interval", "200ms", "--timeout", "60s"}));
  ASSERT_TRUE(wait.WaitForOutput("waiting for 3 of 3", seconds(30))) << wait.err();
  wait.Signal(SIGTERM);
  EXPECT_EQ(wait.Wait(seconds(30)), 6) << wait.err();
  EXPECT_TRUE(Contains(wait.err(), "interrupted while waiting for 3 of 3")) << wait.err();
}

}  // namespace
}  // namespace km::testing
