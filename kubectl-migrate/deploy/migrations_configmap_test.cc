#include "deploy/migrations_configmap.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace km::deploy {
namespace {

class Folder {
 public:
  Folder() {
    char templ[] = "/tmp/km-bundle-XXXXXX";
    path_ = mkdtemp(templ);
    std::filesystem::create_directories(path_ + "/meta");
  }
  ~Folder() { std::filesystem::remove_all(path_); }
  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(path_ + "/" + relative, std::ios::binary) << text;
  }
  void Journal(const std::vector<std::string>& tags) {
    std::string entries;
    for (size_t i = 0; i < tags.size(); ++i) {
      entries += std::string(i ? "," : "") + R"({"idx":)" + std::to_string(i) +
                 R"(,"version":"7","when":)" + std::to_string(1700000000000 + i) + R"(,"tag":")" +
                 tags[i] + R"(","breakpoints":true})";
    }
    Write("meta/_journal.json",
          R"({"version":"7","dialect":"postgresql","entries":[)" + entries + "]}");
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ConfigMapKey, FlattensFoldersAndRejectsOtherCharacters) {
  EXPECT_EQ(*ConfigMapKey("meta/_journal.json"), "meta._journal.json");
  EXPECT_EQ(*ConfigMapKey("0001_add-users.sql"), "0001_add-users.sql");
  auto bad = ConfigMapKey("0001 users.sql");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ExitCode::kUsage);
}

TEST(BundleMigrations, ShipsTheJournalAndEverySqlFileItNames) {
  Folder folder;
  folder.Journal({"0000_users", "0001_sessions"});
  folder.Write("0000_users.sql", "CREATE TABLE users();");
  folder.Write("0001_sessions.sql", "CREATE TABLE sessions();");
  folder.Write("meta/0000_snapshot.json", "{}");
  auto bundle = BundleMigrations(folder.path(), "job-migrations");
  ASSERT_TRUE(bundle) << bundle.error().message;
  EXPECT_EQ(bundle->schema_version, "0001_sessions");
  ASSERT_EQ(bundle->items.size(), 3u);
  EXPECT_EQ(bundle->items[0],
            (std::pair<std::string, std::string>{"meta._journal.json", "meta/_journal.json"}));
  EXPECT_EQ(kube::StringAt(bundle->configmap, {"data", "0001_sessions.sql"}),
            "CREATE TABLE sessions();");
  EXPECT_TRUE(kube::TrueAt(bundle->configmap, {"immutable"}));
  EXPECT_EQ(kube::StringAt(bundle->configmap, {"metadata", "name"}), "job-migrations");
  EXPECT_EQ(kube::Find(bundle->configmap, {"binaryData"}), nullptr);
}

TEST(BundleMigrations, NonUtf8FilesGoToBinaryData) {
  Folder folder;
  folder.Journal({"0000_latin1"});
  folder.Write("0000_latin1.sql", "SELECT '\xe9';");
  auto bundle = BundleMigrations(folder.path(), "m");
  ASSERT_TRUE(bundle) << bundle.error().message;
  EXPECT_EQ(kube::StringAt(bundle->configmap, {"binaryData", "0000_latin1.sql"}),
            "U0VMRUNUICfpJzs=");
}

TEST(BundleMigrations, OverOneMebibyteIsAUsageErrorSayingHowBig) {
  Folder folder;
  folder.Journal({"0000_big"});
  folder.Write("0000_big.sql", std::string(kMaxConfigMapBytes, 'x'));
  auto bundle = BundleMigrations(folder.path(), "m");
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().code, ExitCode::kUsage);
  EXPECT_NE(bundle.error().message.find("over the 1 MiB"), std::string::npos)
      << bundle.error().message;
}

TEST(BundleMigrations, AMissingFileIsAValidationErrorNamingIt) {
  Folder folder;
  folder.Journal({"0000_gone"});
  auto bundle = BundleMigrations(folder.path(), "m");
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().code, ExitCode::kValidation);
  EXPECT_NE(bundle.error().message.find("0000_gone.sql"), std::string::npos)
      << bundle.error().message;
}

TEST(BundleMigrations, ShipsDrizzleKitV1FoldersAsKeysTheVolumeItemsUnpackIntoFolders) {
  Folder folder;
  std::filesystem::remove_all(folder.path() + "/meta");
  for (const char* tag : {"20261124133533_books", "20261124133532_authors"}) {
    std::filesystem::create_directories(folder.path() + "/" + tag);
    folder.Write(std::string(tag) + "/migration.sql", std::string("CREATE TABLE ") + tag + "();");
    folder.Write(std::string(tag) + "/snapshot.json", "{}");
  }
  auto bundle = BundleMigrations(folder.path(), "job-migrations");
  ASSERT_TRUE(bundle) << bundle.error().message;
  EXPECT_EQ(bundle->schema_version, "20261124133533_books");
  ASSERT_EQ(bundle->items.size(), 2u);  // snapshots are not needed to migrate
  EXPECT_EQ(bundle->items[0], (std::pair<std::string, std::string>{"20261124133532_authors.migration.sql",
                                                                    "20261124133532_authors/migration.sql"}));
  EXPECT_EQ(kube::StringAt(bundle->configmap, {"data", "20261124133533_books.migration.sql"}),
            "CREATE TABLE 20261124133533_books();");
}

TEST(BundleMigrations, RefusesAnInvalidV1FolderBeforeShippingIt) {
  Folder folder;
  std::filesystem::remove_all(folder.path() + "/meta");
  std::filesystem::create_directories(folder.path() + "/20261124133532_authors");
  folder.Write("20261124133532_authors/snapshot.json", "{}");
  auto bundle = BundleMigrations(folder.path(), "job-migrations");
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().code, ExitCode::kValidation);
  EXPECT_NE(bundle.error().message.find("20261124133532_authors/migration.sql: missing"), std::string::npos);
}

}  // namespace
}  // namespace km::deploy
