#include "migrations/folder_layout.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "migrations/migration_set.h"

namespace km::migrations {
namespace {

using Entries = std::vector<std::string>;

std::string ErrorOf(const Entries& entries) {
  auto result = ValidateFolderLayout(entries, "out");
  if (result.ok()) return "ok";
  EXPECT_EQ(result.error().code, ExitCode::kValidation);
  return result.error().message;
}

TEST(ValidateFolderLayout, AcceptsWhatDrizzleKitV1GeneratesInTimestampOrder) {
  auto folders = ValidateFolderLayout(
      {"20261124133533_b/", "20261124133533_b/migration.sql", "20261124133533_b/snapshot.json",
       "20261124133532_a/", "20261124133532_a/migration.sql", "20261124133532_a/snapshot.json",
       "migrations.js", ".gitkeep", "20261124133532_a/.DS_Store"},
      "out");
  ASSERT_TRUE(folders.ok()) << folders.error().message;
  ASSERT_EQ(folders->size(), 2u);
  EXPECT_EQ((*folders)[0].tag, "20261124133532_a");
  EXPECT_EQ((*folders)[1].tag, "20261124133533_b");
  EXPECT_EQ((*folders)[1].millis, 1795527333000);
}

TEST(ValidateFolderLayout, RefusesEachProblemWithOneErrorNamingThePath) {
  EXPECT_EQ(ErrorOf({"20261124133532_a/", "20261124133532_a/snapshot.json"}).rfind(
                "out/20261124133532_a/migration.sql: missing", 0), 0u);
  EXPECT_EQ(ErrorOf({"20261124133532_a/"}).rfind("out/20261124133532_a/migration.sql: missing", 0), 0u);
  EXPECT_EQ(ErrorOf({"init/", "init/migration.sql"}).rfind("out/init: \"init\" is not a Drizzle Kit v1", 0), 0u);
  std::string same = ErrorOf({"20261124133532_a/", "20261124133532_a/migration.sql", "20261124133532_b/",
                              "20261124133532_b/migration.sql"});
  EXPECT_EQ(same.rfind("out/20261124133532_b: has the same timestamp as out/20261124133532_a", 0), 0u) << same;
  EXPECT_EQ(ErrorOf({"README.md"}).rfind("out/README.md: stray file", 0), 0u);
  EXPECT_EQ(ErrorOf({"meta/", "meta/0000_snapshot.json"}).rfind("out/meta: a Drizzle Kit 0.x meta/ folder", 0), 0u);
  EXPECT_NE(ErrorOf({"0000_init.sql"}).find("run drizzle-kit up"), std::string::npos);
  EXPECT_EQ(ErrorOf({"20261124133532_a/", "20261124133532_a/migration.sql", "20261124133532_a/down.sql"})
                .rfind("out/20261124133532_a/down.sql: stray file inside a migration folder", 0), 0u);
  EXPECT_EQ(ErrorOf({"20261124133532_a/", "20261124133532_a/migration.sql", "20261124133532_a/sub/"})
                .rfind("out/20261124133532_a/sub/: stray folder", 0), 0u);
}

class FolderSet : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("km-folders-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name())).string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& relative, const std::string& text) {
    auto path = std::filesystem::path(dir_) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  std::string dir_;
};

TEST_F(FolderSet, LoadsBothLayoutsDetectedFromTheFolder) {
  Write("20261124133533_books/migration.sql", "CREATE TABLE b (id int);");
  Write("20261124133532_authors/migration.sql",
        "CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE INDEX i ON a (id);");
  Write("20261124133532_authors/snapshot.json", "{}");
  auto set = LoadMigrationSet(dir_);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->layout, Layout::kFolders);
  ASSERT_EQ(set->migrations.size(), 2u);
  const Migration& first = set->migrations[0];
  EXPECT_EQ(first.tag, "20261124133532_authors");
  EXPECT_EQ(first.history_name, "20261124133532_authors");
  EXPECT_EQ(first.when, 1795527332000);
  EXPECT_EQ(first.layout, Layout::kFolders);
  EXPECT_EQ(first.path, dir_ + "/20261124133532_authors/migration.sql");
  EXPECT_EQ(first.statements.size(), 2u);
  // sha256 of the file bytes, as drizzle-orm v1 computes it.
  EXPECT_EQ(set->migrations[1].hash, "4bb1b96da8a8ff31ab1452f118fb64d1f550dfe81a3ed7631b054918ef0aa988");
  EXPECT_EQ(set->migrations[1].idx, 1);
  EXPECT_NE(set->Source().find("(migration folders)"), std::string::npos);
}

TEST_F(FolderSet, TheFolderMayBeASymlinkOrEndInASlash) {
  Write("real/20261124133532_authors/migration.sql", "CREATE TABLE a (id int);");
  Write("real/20261124133533_books/migration.sql", "CREATE TABLE b (id int);");
  std::filesystem::create_directory_symlink(dir_ + "/real", dir_ + "/link");
  for (const std::string& spelling : {dir_ + "/link", dir_ + "/real/", dir_ + "/link/"}) {
    auto set = LoadMigrationSet(spelling);
    ASSERT_TRUE(set.ok()) << spelling << ": " << set.error().message;
    ASSERT_EQ(set->migrations.size(), 2u) << spelling;
    EXPECT_EQ(set->migrations[1].tag, "20261124133533_books") << spelling;
  }
}

// drizzle-orm v1 reads <folder>/<name>/migration.sql for every name in the folder, through
// symlinks. It was once left out here without a word (fs::relative resolved the link).
TEST_F(FolderSet, ASymlinkedMigrationFolderIsReadThroughItsLinkAsDrizzleOrmDoes) {
  Write("real/20261124133532_authors/migration.sql", "CREATE TABLE a (id int);");
  Write("elsewhere/books/migration.sql", "CREATE TABLE b (id int);");
  std::filesystem::create_directory_symlink(dir_ + "/elsewhere/books",
                                            dir_ + "/real/20261124133533_books");
  auto set = LoadMigrationSet(dir_ + "/real");
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_EQ(set->migrations.size(), 2u);
  EXPECT_EQ(set->migrations[1].tag, "20261124133533_books");
  EXPECT_EQ(set->migrations[1].statements.size(), 1u);
}

TEST_F(FolderSet, ALinkLoopEndsAsAStrayFolder) {
  Write("20261124133532_authors/migration.sql", "CREATE TABLE a (id int);");
  std::filesystem::create_directory_symlink(dir_, dir_ + "/20261124133532_authors/loop");
  auto set = LoadMigrationSet(dir_);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ExitCode::kValidation);
  EXPECT_NE(set.error().message.find("20261124133532_authors/loop"), std::string::npos)
      << set.error().message;
}

TEST_F(FolderSet, RefusesAFolderHoldingBothLayouts) {
  Write("meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
  Write("20261124133532_authors/migration.sql", "SELECT 1;");
  auto set = LoadMigrationSet(dir_);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ExitCode::kValidation);
  EXPECT_NE(set.error().message.find("holds both layouts"), std::string::npos) << set.error().message;
}

TEST_F(FolderSet, RefusesAnEmptyFolderNamingBothLayouts) {
  auto set = LoadMigrationSet(dir_);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ExitCode::kValidation);
  EXPECT_NE(set.error().message.find("neither meta/_journal.json"), std::string::npos);
}

TEST_F(FolderSet, JournalMigrationsGetTheNameDrizzleKitUpWillGiveThem) {
  Write("meta/_journal.json",
        R"({"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1795527332082,"tag":"0000_init","breakpoints":true}]})");
  Write("0000_init.sql", "SELECT 1;");
  auto set = LoadMigrationSet(dir_);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->layout, Layout::kJournal);
  EXPECT_EQ(set->migrations[0].history_name, "20261124133532_init");
  EXPECT_EQ(set->migrations[0].when, 1795527332082);
}

}  // namespace
}  // namespace km::migrations
