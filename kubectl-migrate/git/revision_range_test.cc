#include "git/revision_range.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "git/change_detection.h"
#include "git/test_repo.h"

namespace km::git {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::RunGit;
using testing::TempDir;
using testing::TestRepo;

const std::string kZeros(40, '0');

std::vector<std::string> Paths(const ChangeReport& report) {
  std::vector<std::string> paths;
  for (const FileChange& file : report.files) paths.push_back(file.path);
  return paths;
}

// main: one migration. Tests branch off and push from there.
class RevisionRangeTest : public ::testing::Test {
 protected:
  RevisionRangeTest() : repo_(dir_.path()) {
    repo_.Write("migrations/0000_users.sql", "CREATE TABLE users (id serial);\n");
    root_ = repo_.Commit("users");
  }

  Result<ChangeReport> Detect(const std::string& base, const std::string& head,
                              const std::string& default_branch = "",
                              const std::string& repository = "") {
    return DetectChanges({repository.empty() ? dir_.path() : repository,
                          {base, head, default_branch},
                          "migrations"});
  }

  std::string AddMigration(const std::string& name) {
    repo_.Write("migrations/" + name, "SELECT 1;\n");
    return repo_.Commit(name);
  }

  TempDir dir_;
  TestRepo repo_;
  std::string root_;
};

TEST_F(RevisionRangeTest, PushComparesBeforeWithAfter) {
  std::string before = AddMigration("0001_a.sql");
  std::string after = AddMigration("0002_b.sql");

  auto report = Detect(before, after);

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kDirect);
  EXPECT_EQ(report->from_commit, before);
  EXPECT_THAT(report->range_note, IsEmpty());
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0002_b.sql"));
}

TEST_F(RevisionRangeTest, PullRequestComparesFromTheMergeBase) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");
  repo_.Git({"checkout", "--quiet", "main"});
  AddMigration("0001_main.sql");

  auto report = Detect("main", "feature");

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kMergeBase);
  EXPECT_EQ(report->from_commit, root_);
  EXPECT_THAT(report->range_note, HasSubstr("is not an ancestor of --head"));
  EXPECT_THAT(report->range_note, HasSubstr("merge base " + root_.substr(0, 12)));
  // Like `git diff main...feature`: main's own migration is not "deleted".
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0001_feature.sql"));
}

TEST_F(RevisionRangeTest, PullRequestThatMergedMainListsOnlyItsOwnFiles) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");
  repo_.Git({"checkout", "--quiet", "main"});
  std::string main_tip = AddMigration("0001_main.sql");
  repo_.Git({"checkout", "--quiet", "feature"});
  repo_.Git({"merge", "--quiet", "--no-edit", "main"});
  std::string head = AddMigration("0002_feature.sql");

  auto report = Detect("main", head);

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->from_commit, main_tip);
  EXPECT_THAT(Paths(*report),
              ElementsAre("migrations/0001_feature.sql", "migrations/0002_feature.sql"));
}

TEST_F(RevisionRangeTest, PushOfAMergeCommitListsWhatTheMergeBroughtIn) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");
  repo_.Git({"checkout", "--quiet", "main"});
  std::string before = AddMigration("0001_main.sql");
  repo_.Git({"merge", "--quiet", "--no-ff", "--no-edit", "feature"});
  std::string after = repo_.Git({"rev-parse", "HEAD"});

  auto report = Detect(before, after);

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kDirect);
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0001_feature.sql"));
}

TEST_F(RevisionRangeTest, AllZeroBaseWithoutDefaultBranchCountsEveryFileAsAdded) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");

  auto report = Detect(kZeros, "feature");

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kEverything);
  EXPECT_THAT(report->from_commit, IsEmpty());
  EXPECT_THAT(report->range_note, HasSubstr("no --default-branch"));
  EXPECT_THAT(Paths(*report),
              ElementsAre("migrations/0000_users.sql", "migrations/0001_feature.sql"));
  for (const FileChange& file : report->files) EXPECT_EQ(file.status, ChangeStatus::kAdded);
}

TEST_F(RevisionRangeTest, AllZeroBaseWithDefaultBranchComparesFromItsMergeBase) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");

  auto report = Detect(kZeros, "feature", "main");

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kDefaultBranch);
  EXPECT_EQ(report->from_commit, root_);
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0001_feature.sql"));
}

TEST_F(RevisionRangeTest, AllZeroBaseOnTheDefaultBranchItselfCountsEveryFileAsAdded) {
  auto report = Detect(kZeros, "main", "main");

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kEverything);
  EXPECT_THAT(report->range_note, HasSubstr("already contains --head"));
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0000_users.sql"));
}

TEST_F(RevisionRangeTest, DefaultBranchIsAlsoFoundAsARemoteTrackingBranch) {
  TempDir clone_dir;
  RunGit(dir_.path(), {"clone", "--quiet", "file://" + dir_.path(), clone_dir.path()});
  TestRepo clone(clone_dir.path());  // re-running init on an existing repository is harmless
  clone.Git({"checkout", "--quiet", "-b", "feature"});
  clone.Git({"branch", "-D", "main"});
  clone.Write("migrations/0001_feature.sql", "SELECT 1;\n");
  clone.Commit("feature");

  auto report = Detect(kZeros, "HEAD", "main", clone_dir.path());

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kDefaultBranch);
  EXPECT_EQ(report->from_commit, root_);
}

TEST_F(RevisionRangeTest, ForcePushComparesFromTheMergeBaseAndSaysSo) {
  std::string kept = AddMigration("0001_kept.sql");
  std::string before = AddMigration("0002_dropped.sql");
  repo_.Git({"reset", "--quiet", "--hard", kept});
  std::string after = AddMigration("0002_replacement.sql");

  auto report = Detect(before, after);

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kMergeBase);
  EXPECT_EQ(report->from_commit, kept);
  EXPECT_THAT(report->range_note, HasSubstr("force push"));
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0002_replacement.sql"));
}

TEST_F(RevisionRangeTest, UnreachableBeforeFallsBackToTheDefaultBranchOnlyWhenGiven) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");
  const std::string gone = "1234567890123456789012345678901234567890";

  auto without = Detect(gone, "feature");
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.error().code, ExitCode::kUsage);
  EXPECT_THAT(without.error().message, HasSubstr("--base " + gone + " is not in this clone"));
  EXPECT_THAT(without.error().message, HasSubstr("pass --default-branch"));

  auto with = Detect(gone, "feature", "main");
  ASSERT_TRUE(with.ok()) << with.error().message;
  EXPECT_EQ(with->range_kind, RangeKind::kDefaultBranch);
  EXPECT_THAT(with->range_note, HasSubstr("force push can leave it unreachable"));
  EXPECT_THAT(Paths(*with), ElementsAre("migrations/0001_feature.sql"));
}

TEST_F(RevisionRangeTest, ShallowCloneWithoutTheBaseNamesFetchDepthZero) {
  std::string before = AddMigration("0001_a.sql");
  AddMigration("0002_b.sql");
  TempDir clone_dir;
  RunGit(dir_.path(),
         {"clone", "--quiet", "--depth", "1", "file://" + dir_.path(), clone_dir.path()});

  auto report = Detect(before, "HEAD", "", clone_dir.path());

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ExitCode::kUsage);
  EXPECT_THAT(report.error().message, HasSubstr("--base " + before + " is not in this clone"));
  EXPECT_THAT(report.error().message, HasSubstr("the clone is shallow"));
  EXPECT_THAT(report.error().message, HasSubstr("`fetch-depth: 0` on actions/checkout"));
}

TEST_F(RevisionRangeTest, ShallowCloneThatHasTheBaseComparesDirectly) {
  AddMigration("0001_a.sql");
  std::string after = AddMigration("0002_b.sql");
  TempDir clone_dir;
  RunGit(dir_.path(),
         {"clone", "--quiet", "--depth", "2", "file://" + dir_.path(), clone_dir.path()});

  auto report = Detect("HEAD~1", after, "", clone_dir.path());

  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->range_kind, RangeKind::kDirect);
  EXPECT_THAT(Paths(*report), ElementsAre("migrations/0002_b.sql"));
}

TEST_F(RevisionRangeTest, ShallowCloneCannotFindAMergeBaseBeyondTheCut) {
  repo_.Git({"checkout", "--quiet", "-b", "feature"});
  AddMigration("0001_feature.sql");
  repo_.Git({"checkout", "--quiet", "main"});
  AddMigration("0001_main.sql");
  TempDir clone_dir;
  RunGit(dir_.path(), {"clone", "--quiet", "--depth", "1", "--no-single-branch",
                       "file://" + dir_.path(), clone_dir.path()});

  auto report = Detect("origin/main", "origin/feature", "", clone_dir.path());

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ExitCode::kUsage);
  EXPECT_THAT(report.error().message, HasSubstr("finding the merge base"));
  EXPECT_THAT(report.error().message, HasSubstr("`fetch-depth: 0`"));
}

TEST_F(RevisionRangeTest, UnrelatedHistoriesAreAUsageError) {
  repo_.Git({"checkout", "--quiet", "--orphan", "other"});
  std::string orphan = AddMigration("0001_other.sql");

  auto report = Detect("main", orphan);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ExitCode::kUsage);
  EXPECT_THAT(report.error().message, HasSubstr("share no history"));
}

}  // namespace
}  // namespace km::git
