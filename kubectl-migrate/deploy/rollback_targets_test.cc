#include "deploy/rollback_targets.h"

#include <gtest/gtest.h>

namespace km::deploy {
namespace {

// The grammar itself is util/kube_names (ParseDeploymentRef); here: what --rollback adds.
TEST(ParseRollbackTarget, KeepsTheNameAndRevision) {
  auto pinned = ParseRollbackTarget("deploy/yomu-api@7");
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->deployment, "yomu-api");
  EXPECT_EQ(pinned->revision, 7);
}

TEST(ParseRollbackTarget, NamesTheFlagAndWhatIsWrong) {
  auto parsed = ParseRollbackTarget("statefulset/db");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ExitCode::kUsage);
  EXPECT_EQ(parsed.error().message,
            "--rollback must be deployment/NAME or deployment/NAME@REVISION, not \"statefulset/db\" "
            "(only Deployments are rolled back, not statefulset)");
}

}  // namespace
}  // namespace km::deploy
