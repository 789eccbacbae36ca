#include "migrations/concurrent_index.h"

#include <gtest/gtest.h>

namespace km::migrations {
namespace {

TEST(ParseConcurrentIndexBuild, ReadsDrizzleKitsQuotedForm) {
  auto build = ParseConcurrentIndexBuild(
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"users_email_idx\" ON \"users\" USING btree (\"email\");");
  ASSERT_TRUE(build);
  EXPECT_EQ(build->index, "users_email_idx");
  EXPECT_EQ(build->table, "\"users\"");
}

TEST(ParseConcurrentIndexBuild, FoldsBareNamesAndKeepsTheSchema) {
  auto build = ParseConcurrentIndexBuild(
      "-- speed up lookups\ncreate unique index concurrently Users_Email on only app.\"Users\" (email)");
  ASSERT_TRUE(build);
  EXPECT_EQ(build->index, "users_email");
  EXPECT_EQ(build->table, "app.\"Users\"");
}

TEST(ParseConcurrentIndexBuild, KeepsQuotesInsideQuotedNames) {
  auto build = ParseConcurrentIndexBuild("CREATE INDEX CONCURRENTLY \"a\"\"b\" ON t (x)");
  ASSERT_TRUE(build);
  EXPECT_EQ(build->index, "a\"b");
}

TEST(ParseConcurrentIndexBuild, IgnoresOtherStatementsAndUnnamedIndexes) {
  EXPECT_FALSE(ParseConcurrentIndexBuild("CREATE INDEX users_email ON users (email)"));
  EXPECT_FALSE(ParseConcurrentIndexBuild("CREATE INDEX CONCURRENTLY ON users (email)"));
  EXPECT_FALSE(ParseConcurrentIndexBuild("DROP INDEX CONCURRENTLY users_email"));
  EXPECT_FALSE(ParseConcurrentIndexBuild("SELECT 'CREATE INDEX CONCURRENTLY x ON y'"));
}

TEST(SetsLockTimeout, RecognisesEveryFormOfSet) {
  EXPECT_TRUE(SetsLockTimeout("SET lock_timeout = '5s';"));
  EXPECT_TRUE(SetsLockTimeout("set local lock_timeout to 0"));
  EXPECT_TRUE(SetsLockTimeout("/* mine */ SET SESSION lock_timeout = '1min'"));
  EXPECT_FALSE(SetsLockTimeout("SET statement_timeout = '5s'"));
  EXPECT_FALSE(SetsLockTimeout("SELECT set_config('lock_timeout', '1s', false)"));
}

// From fuzzing (fuzz_concurrent_index): an empty or unclosed quoted identifier was
// taken as the index or table name (the runner would look up and drop index "").
// PostgreSQL refuses such statements, so they are no index build.
TEST(ParseConcurrentIndexBuild, FromFuzzingRefusesEmptyOrUnclosedNames) {
  EXPECT_FALSE(ParseConcurrentIndexBuild("CREATE INDEX CONCURRENTLY \"\" ON \" (x)"));
  EXPECT_FALSE(ParseConcurrentIndexBuild("CREATE INDEX CONCURRENTLY \"i\" ON \"users (x)"));
  EXPECT_FALSE(ParseConcurrentIndexBuild("CREATE INDEX CONCURRENTLY ( ON users (x)"));
  auto build = ParseConcurrentIndexBuild("CREATE INDEX CONCURRENTLY \"i\" ON \"users\" (x)");
  ASSERT_TRUE(build);
  EXPECT_EQ(build->index, "i");
  EXPECT_EQ(build->table, "\"users\"");
}

}  // namespace
}  // namespace km::migrations
