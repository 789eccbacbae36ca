#include "git/change_detection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "git/test_repo.h"

namespace km::git {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::JournalJson;
using testing::TempDir;
using testing::TestRepo;

// Compares the fields that say what changed, for readable failures.
MATCHER_P3(Change, status, path, old_path, "") {
  return arg.status == status && arg.path == path && arg.old_path == old_path;
}
MATCHER_P3(Edit, path, edit, tag, "") {
  return arg.path == path && arg.edit == edit && arg.tag == tag;
}

// A repository whose first commit has two applied migrations, their journal,
// and files outside the migrations folder.
class ChangeDetectionTest : public ::testing::Test {
 protected:
  ChangeDetectionTest() : repo_(dir_.path()) {
    repo_.Write("migrations/0000_users.sql", "CREATE TABLE users (id serial primary key);\n");
    repo_.Write("migrations/0001_sessions.sql", "CREATE TABLE sessions (id serial);\n");
    repo_.Write("migrations/meta/_journal.json", JournalJson({"0000_users", "0001_sessions"}));
    repo_.Write("migrations/README.md", "How to add a migration.\n");
    repo_.Write("migrations/notes/old.txt", "notes\n");
    repo_.Write("migrations/docs/guide.md", "A guide long enough to be recognised when renamed.\n");
    repo_.Write("migrations-old/legacy.sql", "SELECT 1;\n");
    repo_.Write("src/app.ts", "export {};\n");
    base_ = repo_.Commit("first migrations");
  }

  ChangeReport Detect(const std::string& base, const std::string& head,
                      const std::string& folder = "migrations") {
    auto report = DetectChanges({dir_.path(), {base, head, ""}, folder});
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? std::move(report).value() : ChangeReport{};
  }

  TempDir dir_;
  TestRepo repo_;
  std::string base_;
};

TEST_F(ChangeDetectionTest, ListsAddedModifiedDeletedAndRenamedFiles) {
  repo_.Write("migrations/0002_bookmarks.sql", "CREATE TABLE bookmarks (id serial);\n");
  repo_.Write("migrations/README.md", "How to add a migration, and how to apply it.\n");
  repo_.Remove("migrations/notes/old.txt");
  repo_.Git({"mv", "migrations/docs/guide.md", "migrations/docs/howto.md"});
  std::string head = repo_.Commit("change the migrations folder");

  ChangeReport report = Detect(base_, head);

  EXPECT_TRUE(report.changed());
  EXPECT_EQ(report.range_kind, RangeKind::kDirect);
  EXPECT_EQ(report.from_commit, base_);
  EXPECT_EQ(report.to_commit, head);
  EXPECT_THAT(report.files,
              ElementsAre(Change(ChangeStatus::kAdded, "migrations/0002_bookmarks.sql", ""),
                          Change(ChangeStatus::kModified, "migrations/README.md", ""),
                          Change(ChangeStatus::kRenamed, "migrations/docs/howto.md",
                                 "migrations/docs/guide.md"),
                          Change(ChangeStatus::kDeleted, "migrations/notes/old.txt", "")));
  EXPECT_EQ(report.files[2].similarity, 100);
  EXPECT_THAT(report.existing_edits, IsEmpty());
}

TEST_F(ChangeDetectionTest, IgnoresPathsOutsideTheFolder) {
  repo_.Write("src/app.ts", "export const x = 1;\n");
  repo_.Write("migrations-old/legacy.sql", "SELECT 2;\n");
  repo_.Write("migrations.txt", "not the folder\n");
  std::string head = repo_.Commit("outside the folder");

  ChangeReport report = Detect(base_, head);

  EXPECT_FALSE(report.changed());
  EXPECT_THAT(report.files, IsEmpty());
}

TEST_F(ChangeDetectionTest, AcceptsTheFolderWithDotSlashAndTrailingSlash) {
  repo_.Write("migrations/0002_bookmarks.sql", "CREATE TABLE bookmarks (id serial);\n");
  std::string head = repo_.Commit("add a migration");

  ChangeReport report = Detect(base_, head, "./migrations/");

  EXPECT_EQ(report.folder, "migrations");
  EXPECT_THAT(report.files,
              ElementsAre(Change(ChangeStatus::kAdded, "migrations/0002_bookmarks.sql", "")));
}

TEST_F(ChangeDetectionTest, ListsJournalTagsAddedInTheRange) {
  repo_.Write("migrations/0002_bookmarks.sql", "CREATE TABLE bookmarks (id serial);\n");
  repo_.Write("migrations/0003_tags.sql", "CREATE TABLE tags (id serial);\n");
  repo_.Write("migrations/meta/_journal.json",
              JournalJson({"0000_users", "0001_sessions", "0002_bookmarks", "0003_tags"}));
  std::string head = repo_.Commit("two new migrations");

  ChangeReport report = Detect(base_, head);

  EXPECT_THAT(report.added_tags, ElementsAre("0002_bookmarks", "0003_tags"));
  EXPECT_THAT(report.existing_edits, IsEmpty());
  EXPECT_THAT(report.warnings, IsEmpty());
}

TEST_F(ChangeDetectionTest, FlagsEditsToMigrationsThatExistedAtTheBase) {
  repo_.Write("migrations/0000_users.sql", "CREATE TABLE users (id bigserial primary key);\n");
  repo_.Remove("migrations/0001_sessions.sql");
  repo_.Write("migrations/0002_bookmarks.sql", "CREATE TABLE bookmarks (id serial);\n");
  repo_.Write(
      "migrations/meta/_journal.json",
      R"({"version":"7","dialect":"postgresql","entries":[)"
      R"({"idx":0,"version":"7","when":1800000000000,"tag":"0000_users","breakpoints":true},)"
      R"({"idx":1,"version":"7","when":1800000000001,"tag":"0002_bookmarks","breakpoints":true}]})");
  std::string head = repo_.Commit("rewrite history");

  ChangeReport report = Detect(base_, head);

  EXPECT_THAT(report.existing_edits,
              ElementsAre(Edit("migrations/0000_users.sql", "modified", ""),
                          Edit("migrations/0001_sessions.sql", "deleted", ""),
                          Edit("migrations/meta/_journal.json", "entry edited", "0000_users"),
                          Edit("migrations/meta/_journal.json", "entry removed", "0001_sessions")));
  EXPECT_THAT(report.added_tags, ElementsAre("0002_bookmarks"));
  EXPECT_EQ(DescribeEdit(report.existing_edits[0]),
            "migrations/0000_users.sql: modifies an existing migration (modified): it may already "
            "be applied; that is how drift is born");
}

TEST_F(ChangeDetectionTest, FlagsARenamedExistingMigration) {
  repo_.Git({"mv", "migrations/0001_sessions.sql", "migrations/0001_user_sessions.sql"});
  std::string head = repo_.Commit("rename a migration");

  ChangeReport report = Detect(base_, head);

  EXPECT_THAT(report.files,
              ElementsAre(Change(ChangeStatus::kRenamed, "migrations/0001_user_sessions.sql",
                                 "migrations/0001_sessions.sql")));
  EXPECT_THAT(report.existing_edits,
              ElementsAre(Edit("migrations/0001_sessions.sql",
                               "renamed to migrations/0001_user_sessions.sql", "")));
}

TEST_F(ChangeDetectionTest, WarnsAndSkipsTagsWhenTheJournalDoesNotParse) {
  repo_.Write("migrations/meta/_journal.json", "{\"entries\": [");
  std::string head = repo_.Commit("break the journal");

  ChangeReport report = Detect(base_, head);

  EXPECT_THAT(report.added_tags, IsEmpty());
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_THAT(report.warnings[0], HasSubstr("migrations/meta/_journal.json at head"));
}

TEST_F(ChangeDetectionTest, RejectsAFolderMissingOnBothSides) {
  auto report = DetectChanges({dir_.path(), {base_, "HEAD", ""}, "drizzle"});

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ExitCode::kUsage);
  EXPECT_THAT(report.error().message, HasSubstr("--path drizzle exists neither at --head HEAD"));
}

TEST_F(ChangeDetectionTest, RejectsAnUnknownRevisionAndANonRepository) {
  auto unknown = DetectChanges({dir_.path(), {"no-such-branch", "HEAD", ""}, "migrations"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ExitCode::kUsage);
  EXPECT_THAT(unknown.error().message, HasSubstr("--base no-such-branch is not in this clone"));

  TempDir empty;
  auto not_a_repo = DetectChanges({empty.path(), {"HEAD~1", "HEAD", ""}, "migrations"});
  ASSERT_FALSE(not_a_repo.ok());
  EXPECT_EQ(not_a_repo.error().code, ExitCode::kUsage);
  EXPECT_THAT(not_a_repo.error().message, HasSubstr("opening git repository at " + empty.path()));
}

TEST_F(ChangeDetectionTest, DrizzleKitV1FoldersAddedEditedAndSnapshotOnly) {
  repo_.Write("v1/20261124133532_users/migration.sql", "CREATE TABLE users (id serial);\n");
  repo_.Write("v1/20261124133532_users/snapshot.json", "{\"v\":1}\n");
  std::string base = repo_.Commit("v1 folder");
  repo_.Write("v1/20261124133600_sessions/migration.sql", "CREATE TABLE sessions (id serial);\n");
  repo_.Write("v1/20261124133600_sessions/snapshot.json", "{}\n");
  repo_.Write("v1/20261124133532_users/snapshot.json", "{\"v\":2}\n");
  std::string snapshot_only = repo_.Commit("new migration, and a snapshot edited");

  ChangeReport report = Detect(base, snapshot_only, "v1");
  EXPECT_THAT(report.added_tags, ElementsAre("20261124133600_sessions"));
  EXPECT_THAT(report.existing_edits, IsEmpty());  // snapshot.json is no migration change

  repo_.Write("v1/20261124133532_users/migration.sql", "CREATE TABLE users (id bigserial);\n");
  std::string edited = repo_.Commit("edit an applied migration");
  report = Detect(snapshot_only, edited, "v1");
  EXPECT_THAT(report.added_tags, IsEmpty());
  EXPECT_THAT(report.existing_edits,
              ElementsAre(Edit("v1/20261124133532_users/migration.sql", "modified", "")));
}

TEST_F(ChangeDetectionTest, DrizzleKitUpMovingUnchangedFilesIsNoEdit) {
  repo_.Remove("migrations/meta/_journal.json");
  repo_.Remove("migrations/0000_users.sql");
  repo_.Remove("migrations/0001_sessions.sql");
  repo_.Write("migrations/20261124133532_users/migration.sql", "CREATE TABLE users (id serial primary key);\n");
  repo_.Write("migrations/20261124133533_sessions/migration.sql", "CREATE TABLE sessions (id serial);\n");
  std::string head = repo_.Commit("drizzle-kit up");

  ChangeReport report = Detect(base_, head);

  EXPECT_THAT(report.existing_edits, IsEmpty());
  EXPECT_THAT(report.added_tags, IsEmpty());
}

}  // namespace
}  // namespace km::git
