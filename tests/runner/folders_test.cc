// The runner on Drizzle Kit v1 migration folders, without drizzle: validation
// before any connection, the history table's two shapes, baseline and plan.
#include <gtest/gtest.h>

#include <functional>

#include "database.h"
#include "events.h"
#include "migration_dir.h"
#include "runner_env.h"

namespace km::testing {
namespace {

using Strings = std::vector<std::string>;

bool TableExists(const std::string& url) {
  return QueryValue(url, "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL") == "t";
}

TEST(Folders, InvalidFolderIsOneErrorNamingThePathExit3AndNothingRuns) {
  std::string url = DatabaseForThisTest();
  struct Case {
    const char* what;
    std::function<void(MigrationFolders&)> make;
    std::string expected;  // in stderr, after the folder's path
  };
  std::vector<Case> cases = {
      {"no migration.sql", [](MigrationFolders& f) { WriteFile(f.path() + "/20261124133533_b/snapshot.json", "{}"); },
       "/20261124133533_b/migration.sql: missing"},
      {"bad name", [](MigrationFolders& f) { WriteFile(f.path() + "/users/migration.sql", "SELECT 1;"); },
       "/users: \"users\" is not a Drizzle Kit v1 migration folder name"},
      {"same timestamp", [](MigrationFolders& f) { f.Add("20261124133532_twin", {"SELECT 2;"}); },
       "/20261124133532_twin: has the same timestamp as "},
      {"stray file", [](MigrationFolders& f) { WriteFile(f.path() + "/notes.txt", "x"); }, "/notes.txt: stray file"},
      {"both layouts", [](MigrationFolders& f) {
         WriteFile(f.path() + "/meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
       }, " holds both layouts"},
  };
  for (const auto& c : cases) {
    MigrationFolders folders;
    folders.Add("20261124133532_a", {"CREATE TABLE a (id int);"});
    c.make(folders);
    for (const char* command : {"apply", "plan", "status"}) {
      auto run = Km(url, {command, "--dir", folders.path()});
      EXPECT_EQ(run.exit_code, 3) << c.what << " " << command << ": " << run.err;
      EXPECT_TRUE(Contains(run.err, folders.path() + c.expected) || Contains(run.err, c.expected))
          << c.what << ": " << run.err;
    }
    EXPECT_FALSE(TableExists(url)) << c.what;
  }
  EXPECT_EQ(PublicTables(url), Strings{});
}

TEST(Folders, FreshDatabaseGetsDrizzleOrmV1sTableWithNamesAndTheDatabasesTime) {
  std::string url = DatabaseForThisTest();
  MigrationFolders folders;
  folders.Add("20261124133532_a", {"CREATE TABLE a (id int);", "CREATE INDEX a_id ON a (id);"})
      .Add("20261124133533_b", {"CREATE TABLE b (id int);"});
  auto plan = Km(url, {"plan", "--dir", folders.path()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(EventFields(plan.out, "plan_migration", "tag"), (Strings{"20261124133532_a", "20261124133533_b"}));
  std::string before = QueryValue(url, "SELECT now()");
  auto run = Km(url, {"apply", "--dir", folders.path()});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  auto rows = Query(url, "SELECT created_at, name, applied_at >= '" + before + "'::timestamptz "
                         "FROM drizzle.__drizzle_migrations ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Strings{"1795527332000", "20261124133532_a", "t"}));
  EXPECT_EQ(rows[1], (Strings{"1795527333000", "20261124133533_b", "t"}));
}

TEST(Folders, ZeroXTableKeepsItsShapeUnlessAskedToUpgrade) {
  std::string url = DatabaseForThisTest();
  MigrationDir journal;
  journal.Add("0000_a", 1795527332082, {"CREATE TABLE a (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", journal.path()}).exit_code, 0);
  MigrationFolders folders;  // what drizzle-kit up makes of it, plus one more
  folders.Add("20261124133532_a", {"CREATE TABLE a (id int);"}).Add("20261124133600_b", {"CREATE TABLE b (id int);"});
  auto run = Km(url, {"apply", "--dir", folders.path()});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(EventField(run.out, "summary", "applied"), "1");
  EXPECT_EQ(HistoryRows(url).size(), 2u);
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM pg_attribute WHERE attrelid = "
                            "'drizzle.__drizzle_migrations'::regclass AND attname IN ('name', 'applied_at')"), "0");
  auto status = Km(url, {"status", "--dir", folders.path()});
  EXPECT_TRUE(Contains(status.out, "\"table_shape\":\"0.x\"")) << status.out;

  auto upgrade = Km(url, {"apply", "--dir", folders.path(), "--upgrade-history-table"});
  ASSERT_EQ(upgrade.exit_code, 0) << upgrade.err << upgrade.out;
  EXPECT_EQ(EventField(upgrade.out, "history_table_upgraded", "named_rows"), "2");
  auto names = Query(url, "SELECT name FROM drizzle.__drizzle_migrations ORDER BY id");
  EXPECT_EQ(names, (std::vector<Strings>{{"20261124133532_a"}, {"20261124133600_b"}}));
}

TEST(Folders, JournalMigrationsWrittenToAV1TableGetTheNameDrizzleKitUpWillGiveThem) {
  std::string url = DatabaseForThisTest();
  MigrationFolders folders;
  folders.Add("20261124133532_a", {"CREATE TABLE a (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", folders.path()}).exit_code, 0);  // creates the v1 table
  MigrationDir journal;
  journal.Add("0000_a", 1795527332000, {"CREATE TABLE a (id int);"})
      .Add("0001_b", 1795527400123, {"CREATE TABLE b (id int);"});
  auto run = Km(url, {"apply", "--dir", journal.path()});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(EventField(run.out, "summary", "applied"), "1");
  EXPECT_EQ(QueryValue(url, "SELECT name FROM drizzle.__drizzle_migrations WHERE created_at = 1795527400123"),
            "20261124133640_b");
}

TEST(Folders, BaselineRecordsNamesOnAV1Table) {
  std::string url = DatabaseForThisTest();
  MigrationFolders folders;
  folders.Add("20261124133532_a", {"CREATE TABLE a (id int);"}).Add("20261124133533_b", {"CREATE TABLE b (id int);"});
  auto run = Km(url, {"baseline", "--dir", folders.path(), "--to", "20261124133532_a"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(QueryValue(url, "SELECT name FROM drizzle.__drizzle_migrations"), "20261124133532_a");
  auto apply = Km(url, {"apply", "--dir", folders.path()});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_EQ(PublicTables(url), (Strings{"b"}));
}

TEST(Folders, ARenamedAppliedFolderIsAnUnknownRowNotARerun) {
  std::string url = DatabaseForThisTest();
  MigrationFolders before;
  before.Add("20261124133532_a", {"CREATE TABLE a (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", before.path()}).exit_code, 0);
  MigrationFolders renamed;
  renamed.Add("20261124133532_renamed", {"CREATE TABLE a (id int);"});
  auto run = Km(url, {"apply", "--dir", renamed.path()});
  EXPECT_EQ(run.exit_code, 3) << run.out;
  EXPECT_FALSE(EventField(run.out, "unknown_row", "id").empty()) << run.out;
}

TEST(Folders, AnEditedAppliedMigrationSqlIsDriftByName) {
  std::string url = DatabaseForThisTest();
  MigrationFolders folders;
  folders.Add("20261124133532_a", {"CREATE TABLE a (id int);"});
  ASSERT_EQ(Km(url, {"apply", "--dir", folders.path()}).exit_code, 0);
  WriteFile(folders.path() + "/20261124133532_a/migration.sql", "CREATE TABLE a (id bigint);");
  WriteFile(folders.path() + "/20261124133532_a/snapshot.json", "{\"edited\":true}");
  auto run = Km(url, {"apply", "--dir", folders.path()});
  EXPECT_EQ(run.exit_code, 3) << run.out;
  EXPECT_EQ(EventField(run.out, "drift", "tag"), "20261124133532_a");
}

}  // namespace
}  // namespace km::testing
