#include "util/kube_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace km {
namespace {

using ::testing::HasSubstr;

TEST(KubeNames, DnsSubdomainsAndLabels) {
  EXPECT_TRUE(IsDnsSubdomain("yomu-api"));
  EXPECT_TRUE(IsDnsSubdomain("a.b-c"));
  EXPECT_TRUE(IsDnsSubdomain(std::string(253, 'a')));
  for (const char* bad : {"", "Yomu", "-a", "a-", "a_b", ".a"}) EXPECT_FALSE(IsDnsSubdomain(bad)) << bad;
  EXPECT_FALSE(IsDnsSubdomain(std::string(254, 'a')));
  EXPECT_TRUE(IsDnsLabel("yomu"));
  EXPECT_FALSE(IsDnsLabel("a.b"));
  EXPECT_FALSE(IsDnsLabel(std::string(64, 'a')));
}

TEST(ParseDeploymentRef, TakesKubectlsSpellingsAndAnOptionalRevision) {
  auto plain = ParseDeploymentRef("deployment/yomu-api");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->name, "yomu-api");
  EXPECT_FALSE(plain->revision);
  auto pinned = ParseDeploymentRef("deploy/yomu-api@7");
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->name, "yomu-api");
  EXPECT_EQ(pinned->revision, 7);
  for (const char* kind : {"deployments", "deployment.apps", "deployments.apps"}) {
    EXPECT_TRUE(ParseDeploymentRef(std::string(kind) + "/x")) << kind;
  }
}

TEST(ParseDeploymentRef, SaysWhatIsWrong) {
  auto why = [](std::string_view text) {
    auto parsed = ParseDeploymentRef(text);
    EXPECT_FALSE(parsed) << text;
    if (parsed) return std::string();
    EXPECT_EQ(parsed.error().code, ExitCode::kUsage) << text;
    return parsed.error().message;
  };
  EXPECT_EQ(why("yomu-api"), "no deployment/ in front");
  EXPECT_EQ(why("statefulset/db"), "only Deployments are rolled back, not statefulset");
  EXPECT_EQ(why("deployment/"), "\"\" is not a Deployment name");
  EXPECT_EQ(why("deployment/@3"), "\"\" is not a Deployment name");
  EXPECT_EQ(why("deployment/Yomu_API"), "\"Yomu_API\" is not a Deployment name");
  for (const char* bad : {"deployment/x@", "deployment/x@0", "deployment/x@-1", "deployment/x@7b",
                          "deployment/x@99999999999999999999"}) {
    EXPECT_THAT(why(bad), HasSubstr("the revision must be a number from 1 up")) << bad;
  }
}

}  // namespace
}  // namespace km
