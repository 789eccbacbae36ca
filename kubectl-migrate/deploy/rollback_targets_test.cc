#include "deploy/rollback_targets.h"

#include <gtest/gtest.h>

namespace km::deploy {
namespace {

TEST(ParseRollbackTarget, TakesKubectlsSpellingsAndAnOptionalRevision) {
  auto plain = ParseRollbackTarget("deployment/yomu-api");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->deployment, "yomu-api");
  EXPECT_FALSE(plain->revision);
  auto pinned = ParseRollbackTarget("deploy/yomu-api@7");
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->deployment, "yomu-api");
  EXPECT_EQ(pinned->revision, 7);
  EXPECT_TRUE(ParseRollbackTarget("deployments.apps/x"));
}

TEST(ParseRollbackTarget, RefusesOtherKindsAndBadRevisions) {
  for (const char* bad : {"yomu-api", "statefulset/db", "deployment/", "deployment/x@", "deployment/x@0",
                          "deployment/x@-1", "deployment/x@7b", "deployment/@3"}) {
    auto parsed = ParseRollbackTarget(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ExitCode::kUsage) << bad;
  }
}

}  // namespace
}  // namespace km::deploy
