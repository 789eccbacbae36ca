// Compatibility with the real drizzle tools from npm: folders written by
// drizzle-kit generate, and drizzle-orm's own migrator on the same table.
#include <gtest/gtest.h>

#include <filesystem>

#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

// drizzle-orm's migrator over `dir`; returns its one-line JSON result.
RunResult DrizzleMigrate(const std::string& url, const std::string& dir) {
  return Run({"node", RepoRoot() + "/tests/drizzle/migrate.mjs", "--dir", dir}, {{"DATABASE_URL", url}});
}

// A folder written by the real drizzle-kit generate for one prefix mode.
class Fixture {
 public:
  explicit Fixture(const std::string& prefix) {
    path_ = (std::filesystem::temp_directory_path() / ("km-drizzle-" + prefix + "-" +
                                                       std::to_string(getpid()))).string();
    auto made = Run({"node", RepoRoot() + "/tests/drizzle/make-fixture.mjs", "--prefix", prefix, "--out",
                     path_, "--force"});
    EXPECT_EQ(made.exit_code, 0) << made.err << made.out;
  }
  ~Fixture() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class PrefixModes : public ::testing::TestWithParam<std::string> {};

TEST_P(PrefixModes, OurRunnerThenDrizzleSeesNothingPending) {
  Fixture fixture(GetParam());
  std::string url = DatabaseForThisTest();
  auto ours = Km(url, {"apply", "--dir", fixture.path()});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(EventField(ours.out, "summary", "applied"), "2");
  auto theirs = DrizzleMigrate(url, fixture.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out << theirs.err;
  EXPECT_NE(theirs.out.find("\"applied\":0"), std::string::npos) << theirs.out;
}

TEST_P(PrefixModes, DrizzleThenOurRunnerSeesEverythingApplied) {
  Fixture fixture(GetParam());
  std::string url = DatabaseForThisTest();
  auto theirs = DrizzleMigrate(url, fixture.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out << theirs.err;
  EXPECT_NE(theirs.out.find("\"applied\":2"), std::string::npos) << theirs.out;
  auto status = Km(url, {"status", "--dir", fixture.path()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("\"counts\":{\"applied\":2,\"pending\":0,\"drifted\":0,\"out-of-order\":0,\"ambiguous\":0}"),
            std::string::npos) << status.out;
  auto ours = Km(url, {"apply", "--dir", fixture.path()});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(EventField(ours.out, "summary", "applied"), "0");
}

INSTANTIATE_TEST_SUITE_P(DrizzleKit, PrefixModes,
                         ::testing::Values("index", "timestamp", "unix", "supabase"));

TEST(Interop, NonePrefixFixtureIsReadAndItsDrizzleKitBugSurfacesAsAFailedSecondMigration) {
  // drizzle-kit 0.31.11 generates every "none"-prefixed migration against an
  // empty schema, so the second re-creates the first one's table.
  Fixture fixture("none");
  std::string url = DatabaseForThisTest();
  auto plan = Km(url, {"plan", "--dir", fixture.path()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(EventFields(plan.out, "plan_migration", "tag"), (Strings{"_create_authors", "_add_books"}));
  auto ours = Km(url, {"apply", "--dir", fixture.path()});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(EventField(ours.out, "migration_failed", "sqlstate"), "42P07");
  EXPECT_EQ(HistoryRows(url).size(), 1u);  // unlike drizzle's batch, the first one stays applied
}

TEST(Interop, RepositoryMigrationsBothWaysWithIdenticalRows) {
  std::string dir = RepoRoot() + "/migrations";
  std::string ours_url = DatabaseForThisTest();
  auto ours = Km(ours_url, {"apply", "--dir", dir});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  std::string theirs_url = FreshDatabase("t_interop_drizzle_side");
  ASSERT_EQ(DrizzleMigrate(theirs_url, dir).exit_code, 0);
  EXPECT_EQ(HistoryRows(ours_url), HistoryRows(theirs_url));
  EXPECT_EQ(HistoryRows(ours_url).size(), 3u);
}

TEST(Interop, HashesMatchDrizzleForInvalidUtf8Files) {
  MigrationDir dir;
  dir.Add("0000_latin1", 1000, {"SELECT 1; -- caf\xE9"});
  std::string ours_url = DatabaseForThisTest();
  ASSERT_EQ(Km(ours_url, {"apply", "--dir", dir.path()}).exit_code, 0);
  std::string theirs_url = FreshDatabase("t_interop_utf8_drizzle_side");
  ASSERT_EQ(DrizzleMigrate(theirs_url, dir.path()).exit_code, 0);
  EXPECT_EQ(HistoryRows(ours_url), HistoryRows(theirs_url));
  EXPECT_EQ(HistoryRows(ours_url),
            (Strings{"1000:4db9dc5718f6177fa2cab0ce33e6de57b654cd1d4c5f4c1e80ca8e8dc36cb185"}));
}

TEST(Interop, DrizzleSkipsOutOfOrderSilentlyWhereWeRefuse) {
  MigrationDir dir;
  dir.Add("0000_a", 1000, {"CREATE TABLE a (id int);"}).Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  std::string url = DatabaseForThisTest();
  ASSERT_EQ(DrizzleMigrate(url, dir.path()).exit_code, 0);
  MigrationDir merged;
  merged.Add("0000_a", 1000, {"CREATE TABLE a (id int);"})
      .Add("0001_late", 2000, {"CREATE TABLE late (id int);"})
      .Add("0002_c", 3000, {"CREATE TABLE c (id int);"});
  auto theirs = DrizzleMigrate(url, merged.path());
  EXPECT_EQ(theirs.exit_code, 0);
  EXPECT_NE(theirs.out.find("\"applied\":0"), std::string::npos) << theirs.out;  // skipped silently
  auto ours = Km(url, {"apply", "--dir", merged.path()});
  EXPECT_EQ(ours.exit_code, 3);
  EXPECT_EQ(EventField(ours.out, "out_of_order", "tag"), "0001_late");
}

}  // namespace
}  // namespace km::testing
