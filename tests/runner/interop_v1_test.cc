// Compatibility with the real Drizzle Kit v1 / drizzle-orm v1 release candidate
// from npm (tests/drizzle-v1): folders written by drizzle-kit v1 `generate` and
// `up`, and drizzle-orm v1's migrator on the same table, both ways.
#include <gtest/gtest.h>

#include <filesystem>

#include "database.h"
#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

RunResult DrizzleV1Migrate(const std::string& url, const std::string& dir) {
  return Run({"node", RepoRoot() + "/tests/drizzle-v1/migrate.mjs", "--dir", dir}, {{"DATABASE_URL", url}});
}

RunResult DrizzleZeroXMigrate(const std::string& url, const std::string& dir) {
  return Run({"node", RepoRoot() + "/tests/drizzle/migrate.mjs", "--dir", dir}, {{"DATABASE_URL", url}});
}

std::string TempPath(const std::string& what) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return (std::filesystem::temp_directory_path() /
          ("km-v1-" + what + "-" + info->name() + "-" + std::to_string(getpid()))).string();
}

// A folder written by the real drizzle-kit v1 generate (create_authors, add_books, custom_sql).
class V1Fixture {
 public:
  V1Fixture() : path_(TempPath("gen")) {
    auto made = Run({"node", RepoRoot() + "/tests/drizzle-v1/make-fixture.mjs", "--out", path_, "--force",
                     "--custom"});
    EXPECT_EQ(made.exit_code, 0) << made.err << made.out;
  }
  ~V1Fixture() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A 0.x folder (drizzle-kit 0.x, timestamp prefix), and a copy converted by drizzle-kit v1 `up`.
class UpgradedFixture {
 public:
  UpgradedFixture() : zero_x_(TempPath("0x")), v1_(TempPath("up")) {
    auto made = Run({"node", RepoRoot() + "/tests/drizzle/make-fixture.mjs", "--prefix", "timestamp", "--out",
                     zero_x_, "--force"});
    EXPECT_EQ(made.exit_code, 0) << made.err << made.out;
    std::filesystem::remove_all(v1_);
    std::filesystem::copy(zero_x_, v1_, std::filesystem::copy_options::recursive);
    auto up = Run({"node", RepoRoot() + "/tests/drizzle-v1/make-fixture.mjs", "--up", v1_});
    EXPECT_EQ(up.exit_code, 0) << up.err << up.out;
  }
  ~UpgradedFixture() {
    std::filesystem::remove_all(zero_x_);
    std::filesystem::remove_all(v1_);
  }
  const std::string& zero_x() const { return zero_x_; }
  const std::string& v1() const { return v1_; }

 private:
  std::string zero_x_, v1_;
};

// "created_at:hash:name" in id order ("-" for a null name).
Strings NamedRows(const std::string& url) {
  Strings rows;
  for (const auto& row : Query(url, "SELECT created_at, hash, coalesce(name, '-') FROM "
                                    "drizzle.__drizzle_migrations ORDER BY id")) {
    rows.push_back(row[0] + ":" + row[1] + ":" + row[2]);
  }
  return rows;
}

std::string Columns(const std::string& url) {
  return QueryValue(url, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
                         "'drizzle.__drizzle_migrations'::regclass AND attnum > 0 AND NOT attisdropped");
}

TEST(DrizzleKitV1, OurRunnerThenDrizzleOrmV1FindsNothingToDoWithIdenticalRows) {
  V1Fixture fixture;
  std::string ours_url = DatabaseForThisTest();
  auto ours = Km(ours_url, {"apply", "--dir", fixture.path()});
  ASSERT_EQ(ours.exit_code, 0) << ours.err << ours.out;
  EXPECT_EQ(EventField(ours.out, "summary", "applied"), "3");
  EXPECT_EQ(Columns(ours_url), "id,hash,created_at,name,applied_at");  // drizzle-orm v1's table
  EXPECT_EQ(QueryValue(ours_url, "SELECT count(*) FROM drizzle.__drizzle_migrations WHERE applied_at IS NULL "
                                 "OR applied_at > now()"), "0");
  auto theirs = DrizzleV1Migrate(ours_url, fixture.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out << theirs.err;
  EXPECT_TRUE(Contains(theirs.out, "\"applied\":0")) << theirs.out;

  std::string theirs_url = FreshDatabase("t_drizzlekitv1_drizzle_side");
  ASSERT_EQ(DrizzleV1Migrate(theirs_url, fixture.path()).exit_code, 0);
  EXPECT_EQ(NamedRows(ours_url), NamedRows(theirs_url));
  EXPECT_EQ(NamedRows(ours_url).size(), 3u);
}

TEST(DrizzleKitV1, DrizzleOrmV1ThenOurRunnerAppliesNothing) {
  V1Fixture fixture;
  std::string url = DatabaseForThisTest();
  auto theirs = DrizzleV1Migrate(url, fixture.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out << theirs.err;
  EXPECT_TRUE(Contains(theirs.out, "\"applied\":3")) << theirs.out;
  auto status = Km(url, {"status", "--dir", fixture.path()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "\"table_shape\":\"v1\",\"layout\":\"folders\"")) << status.out;
  EXPECT_TRUE(Contains(status.out, "\"counts\":{\"applied\":3,\"pending\":0,\"drifted\":0,\"out-of-order\":0,"
                                   "\"ambiguous\":0}")) << status.out;
  auto ours = Km(url, {"apply", "--dir", fixture.path()});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(EventField(ours.out, "summary", "applied"), "0");
}

TEST(DrizzleKitV1, ZeroXDatabaseUpgradedByDrizzleOrmV1ThenOurRunnerOnBothLayouts) {
  UpgradedFixture fixture;
  std::string url = DatabaseForThisTest();
  ASSERT_EQ(DrizzleZeroXMigrate(url, fixture.zero_x()).exit_code, 0);
  EXPECT_EQ(Columns(url), "id,hash,created_at");
  auto upgraded = DrizzleV1Migrate(url, fixture.v1());
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.out << upgraded.err;
  EXPECT_TRUE(Contains(upgraded.out, "\"applied\":0")) << upgraded.out;
  EXPECT_EQ(Columns(url), "id,hash,created_at,name,applied_at");

  auto folders = Km(url, {"apply", "--dir", fixture.v1()});
  ASSERT_EQ(folders.exit_code, 0) << folders.err << folders.out;
  EXPECT_EQ(EventField(folders.out, "summary", "applied"), "0");
  // A deployment still on the 0.x folder sees the upgraded table the same way.
  auto journal = Km(url, {"apply", "--dir", fixture.zero_x()});
  ASSERT_EQ(journal.exit_code, 0) << journal.err << journal.out;
  EXPECT_EQ(EventField(journal.out, "summary", "applied"), "0");
}

TEST(DrizzleKitV1, OurRunnerKeepsAZeroXTableAsItIsAndDrizzleOrmV1UpgradesItLater) {
  UpgradedFixture fixture;
  std::string url = DatabaseForThisTest();
  ASSERT_EQ(Km(url, {"apply", "--dir", fixture.zero_x()}).exit_code, 0);
  // Converted with drizzle-kit up: our rows (created_at in ms) match their folders (seconds).
  auto same = Km(url, {"apply", "--dir", fixture.v1()});
  ASSERT_EQ(same.exit_code, 0) << same.err << same.out;
  EXPECT_EQ(EventField(same.out, "summary", "applied"), "0");
  // A new v1 migration on the 0.x table: recorded without adding columns.
  MigrationFolders extra;
  std::filesystem::copy(fixture.v1(), extra.path(), std::filesystem::copy_options::recursive);
  extra.Add("29991231235959_later", {"CREATE TABLE later (id int);"});
  auto later = Km(url, {"apply", "--dir", extra.path()});
  ASSERT_EQ(later.exit_code, 0) << later.err << later.out;
  EXPECT_EQ(EventField(later.out, "summary", "applied"), "1");
  EXPECT_EQ(Columns(url), "id,hash,created_at");
  // drizzle-orm v1 upgrades the table, names all three rows and applies nothing.
  auto theirs = DrizzleV1Migrate(url, extra.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out << theirs.err;
  EXPECT_TRUE(Contains(theirs.out, "\"applied\":0")) << theirs.out;
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM drizzle.__drizzle_migrations WHERE name IS NULL"), "0");
}

TEST(DrizzleKitV1, UpgradeHistoryTableFlagNamesRowsAsDrizzleOrmV1Does) {
  UpgradedFixture fixture;
  std::string ours_url = DatabaseForThisTest();
  ASSERT_EQ(DrizzleZeroXMigrate(ours_url, fixture.zero_x()).exit_code, 0);
  auto ours = Km(ours_url, {"apply", "--dir", fixture.v1(), "--upgrade-history-table"});
  ASSERT_EQ(ours.exit_code, 0) << ours.err << ours.out;
  EXPECT_EQ(EventField(ours.out, "history_table_upgraded", "named_rows"), "2");
  std::string theirs_url = FreshDatabase("t_drizzlekitv1_upgrade_drizzle_side");
  ASSERT_EQ(DrizzleZeroXMigrate(theirs_url, fixture.zero_x()).exit_code, 0);
  ASSERT_EQ(DrizzleV1Migrate(theirs_url, fixture.v1()).exit_code, 0);
  EXPECT_EQ(NamedRows(ours_url), NamedRows(theirs_url));
  EXPECT_EQ(Columns(ours_url), Columns(theirs_url));
  EXPECT_EQ(QueryValue(ours_url, "SELECT count(*) FROM drizzle.__drizzle_migrations WHERE applied_at IS NULL"),
            "2");  // like drizzle's upgrade: when they ran is unknown
}

TEST(DrizzleKitV1, HashesAndCreatedAtMatchDrizzleOrmV1ForInvalidUtf8AndCrlfFiles) {
  MigrationFolders folders;
  folders.Add("20240229235959_latin1", {"SELECT 1; -- caf\xE9"})
      .Add("20261124133532_crlf", {"CREATE TABLE crlf (id int);\r\n", "SELECT 2;\r\n"});
  std::string ours_url = DatabaseForThisTest();
  ASSERT_EQ(Km(ours_url, {"apply", "--dir", folders.path()}).exit_code, 0);
  std::string theirs_url = FreshDatabase("t_drizzlekitv1_utf8_drizzle_side");
  auto theirs = DrizzleV1Migrate(theirs_url, folders.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out;
  EXPECT_EQ(NamedRows(ours_url), NamedRows(theirs_url));
  EXPECT_EQ(NamedRows(ours_url)[0],
            "1709251199000:4db9dc5718f6177fa2cab0ce33e6de57b654cd1d4c5f4c1e80ca8e8dc36cb185:20240229235959_latin1");
}

class OutOfOrderV1 : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = DatabaseForThisTest();
    applied_.Add("20261124133532_a", {"CREATE TABLE a (id int);"})
        .Add("20261124133540_c", {"CREATE TABLE c (id int);"});
    ASSERT_EQ(DrizzleV1Migrate(url_, applied_.path()).exit_code, 0);
    merged_.Add("20261124133532_a", {"CREATE TABLE a (id int);"})
        .Add("20261124133535_late", {"CREATE TABLE late (id int);"})
        .Add("20261124133540_c", {"CREATE TABLE c (id int);"});
  }
  std::string url_;
  MigrationFolders applied_, merged_;
};

TEST_F(OutOfOrderV1, DefaultAppliesItLikeDrizzleOrmV1WithAWarning) {
  auto ours = Km(url_, {"apply", "--dir", merged_.path()});
  ASSERT_EQ(ours.exit_code, 0) << ours.err << ours.out;
  EXPECT_EQ(EventField(ours.out, "out_of_order", "tag"), "20261124133535_late");
  EXPECT_EQ(EventField(ours.out, "out_of_order", "level"), "warn");
  EXPECT_EQ(EventField(ours.out, "summary", "applied"), "1");
  auto theirs = DrizzleV1Migrate(url_, merged_.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out;
  EXPECT_TRUE(Contains(theirs.out, "\"applied\":0")) << theirs.out;
}

TEST_F(OutOfOrderV1, RefusePolicyRefusesWhereDrizzleOrmV1Applies) {
  auto ours = Km(url_, {"apply", "--dir", merged_.path(), "--out-of-order", "refuse"});
  EXPECT_EQ(ours.exit_code, 3) << ours.out;
  EXPECT_EQ(EventField(ours.out, "out_of_order", "level"), "error");
  EXPECT_EQ(PublicTables(url_), (Strings{"a", "c"}));
  auto theirs = DrizzleV1Migrate(url_, merged_.path());
  ASSERT_EQ(theirs.exit_code, 0) << theirs.out;
  EXPECT_TRUE(Contains(theirs.out, "\"applied\":1")) << theirs.out;  // by name, not by time
  EXPECT_EQ(Km(url_, {"apply", "--dir", merged_.path(), "--out-of-order", "refuse"}).exit_code, 0);
}

}  // namespace
}  // namespace km::testing
