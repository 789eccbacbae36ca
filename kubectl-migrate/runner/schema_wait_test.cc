#include "runner/schema_wait.h"

#include <gtest/gtest.h>

namespace km::runner {
namespace {

using migrations::AppliedRow;

// A folder of three migrations and a history table holding `rows`.
DatabaseStatus Status(const std::vector<AppliedRow>& rows) {
  DatabaseStatus status;
  status.table = "drizzle.__drizzle_migrations";
  status.set.dir = "migrations";
  for (int i = 0; i < 3; ++i) {
    migrations::Migration m;
    m.idx = i;
    m.when = 1000 + i;
    m.tag = "000" + std::to_string(i) + "_m";
    m.path = "migrations/" + m.tag + ".sql";
    m.hash = "h" + std::to_string(i);
    status.set.migrations.push_back(m);
  }
  status.reconciliation = migrations::Reconcile(status.set.migrations, rows);
  return status;
}

AppliedRow Row(int64_t id, std::string hash, int64_t when) {
  return {id, std::move(hash), when, std::nullopt};
}

TEST(AssessSchema, NamesWhatIsMissingInFolderOrder) {
  auto progress = AssessSchema(Status({Row(1, "h0", 1000)}), "");
  ASSERT_TRUE(progress.ok()) << progress.error().message;
  EXPECT_EQ(progress->missing, (std::vector<std::string>{"0001_m", "0002_m"}));
  EXPECT_EQ(progress->schema_version, "0000_m");
  EXPECT_EQ(progress->awaited, 3u);
  auto none = AssessSchema(Status({}), "");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->missing.size(), 3u);
  EXPECT_EQ(none->schema_version, "");
}

TEST(AssessSchema, UpToATagIgnoresTheMigrationsAfterIt) {
  auto progress = AssessSchema(Status({Row(1, "h0", 1000), Row(2, "h1", 1001)}), "0001_m");
  ASSERT_TRUE(progress.ok());
  EXPECT_TRUE(progress->missing.empty());
  EXPECT_EQ(progress->schema_version, "0001_m");
  EXPECT_EQ(progress->awaited, 2u);
  auto unknown = AssessSchema(Status({}), "0009_x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ExitCode::kUsage);
  EXPECT_NE(unknown.error().message.find("--schema-version 0009_x: no such migration"),
            std::string::npos);
}

TEST(AssessSchema, AnAwaitedMigrationAppliedFromAnotherFileCannotBeWaitedFor) {
  auto drifted = AssessSchema(Status({Row(1, "h0", 1000), Row(2, "edited", 1001)}), "");
  ASSERT_FALSE(drifted.ok());
  EXPECT_EQ(drifted.error().code, ExitCode::kValidation);
  EXPECT_NE(drifted.error().message.find("0001_m is drifted"), std::string::npos)
      << drifted.error().message;
  // Past --schema-version it is not awaited.
  EXPECT_TRUE(AssessSchema(Status({Row(1, "h0", 1000), Row(2, "edited", 1001)}), "0000_m").ok());
}

TEST(AssessSchema, RowsTheFolderDoesNotKnowDoNotStopTheWait) {
  // A newer app's migration already applied (the app was rolled back): this folder's are there.
  auto progress = AssessSchema(
      Status({Row(1, "h0", 1000), Row(2, "h1", 1001), Row(3, "h2", 1002), Row(4, "newer", 1003)}),
      "");
  ASSERT_TRUE(progress.ok());
  EXPECT_TRUE(progress->missing.empty());
}

}  // namespace
}  // namespace km::runner
