#include "kube/rollout.h"

#include <gtest/gtest.h>

namespace km::kube {
namespace {

JsonDoc Parse(const std::string& text) {
  auto doc = ParseJson(text, "test");
  EXPECT_TRUE(doc) << doc.error().message;
  return std::move(doc).value();
}

std::string Template(const std::string& image, const std::string& hash = "") {
  return R"({"metadata":{"labels":{"app":"api")" +
         (hash.empty() ? "" : R"(,"pod-template-hash":")" + hash + "\"") +
         R"(}},"spec":{"containers":[{"name":"api","image":")" + image + R"("}]}})";
}

std::string Deployment(const std::string& image, bool paused = false) {
  return R"({"metadata":{"name":"api","uid":"dep-uid","annotations":{)"
         R"("deployment.kubernetes.io/revision":"3","team":"web",)"
         R"("kubectl.kubernetes.io/last-applied-configuration":"{}"}},)"
         R"("spec":{"paused":)" +
         std::string(paused ? "true" : "false") +
         R"(,"selector":{"matchLabels":{"app":"api"}},"template":)" + Template(image) + "}}";
}

std::string ReplicaSet(const std::string& revision, const std::string& image,
                       const std::string& owner = "dep-uid") {
  return R"({"metadata":{"name":"api-)" + revision +
         R"(","annotations":{)"
         R"("deployment.kubernetes.io/revision":")" +
         revision + R"(","note":"from-rs-)" + revision + R"("},"ownerReferences":[{"uid":")" +
         owner +
         R"(","controller":true}]},)"
         R"("spec":{"template":)" +
         Template(image, "h" + revision) + "}}";
}

JsonDoc List(std::initializer_list<std::string> items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : ",") + item;
  return Parse(R"({"kind":"ReplicaSetList","items":[)" + joined + "]}");
}

TEST(PlanRollback, PicksTheSecondHighestRevisionAndRestoresItsTemplate) {
  JsonDoc deployment = Parse(Deployment("api:3"));
  JsonDoc sets = List({ReplicaSet("1", "api:1"), ReplicaSet("3", "api:3"), ReplicaSet("2", "api:2"),
                       ReplicaSet("9", "api:9", "other-uid")});
  auto plan = PlanRollback(deployment, sets, 0);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_FALSE(plan->skip);
  EXPECT_EQ(plan->revision, 2);
  JsonDoc patch = Parse(plan->patch);
  ASSERT_TRUE(patch.IsArray());
  ASSERT_EQ(patch.Size(), 2u);
  EXPECT_EQ(StringAt(patch[0], {"op"}), "replace");
  EXPECT_EQ(StringAt(patch[0], {"path"}), "/spec/template");
  EXPECT_EQ(ToJson(patch[0]["value"]["spec"]["containers"][0]["image"]), "\"api:2\"");
  EXPECT_EQ(Find(patch[0]["value"], {"metadata", "labels", "pod-template-hash"}), nullptr);
  EXPECT_EQ(StringAt(patch[1], {"path"}), "/metadata/annotations");
  const JsonValue& annotations = patch[1]["value"];
  // The Deployment's own bookkeeping is kept, everything else comes from the ReplicaSet.
  EXPECT_EQ(StringAt(annotations, {"deployment.kubernetes.io/revision"}), "3");
  EXPECT_EQ(StringAt(annotations, {"kubectl.kubernetes.io/last-applied-configuration"}), "{}");
  EXPECT_EQ(StringAt(annotations, {"note"}), "from-rs-2");
  EXPECT_EQ(Find(annotations, {"team"}), nullptr);
}

TEST(PlanRollback, ToRevisionPicksThatRevision) {
  auto plan = PlanRollback(
      Parse(Deployment("api:3")),
      List({ReplicaSet("1", "api:1"), ReplicaSet("2", "api:2"), ReplicaSet("3", "api:3")}), 1);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->revision, 1);
  EXPECT_NE(plan->patch.find("api:1"), std::string::npos);
}

TEST(PlanRollback, UnknownRevisionIsAnError) {
  auto plan = PlanRollback(Parse(Deployment("api:3")), List({ReplicaSet("3", "api:3")}), 7);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message, "unable to find specified revision 7 in history");
}

TEST(PlanRollback, NoHistoryIsAnError) {
  auto plan = PlanRollback(Parse(Deployment("api:3")), List({ReplicaSet("3", "api:3")}), 0);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message, "no rollout history found for deployment \"api\"");
}

TEST(PlanRollback, SkipsUnparsableRevisionsAndCountsMissingAsZero) {
  std::string no_revision =
      R"({"metadata":{"ownerReferences":[{"uid":"dep-uid","controller":true}]},)"
      R"("spec":{"template":)" +
      Template("api:0") + "}}";
  auto plan =
      PlanRollback(Parse(Deployment("api:3")),
                   List({ReplicaSet("x1", "api:x"), no_revision, ReplicaSet("3", "api:3")}), 0);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->revision, 0);
  EXPECT_NE(plan->patch.find("api:0"), std::string::npos);
}

TEST(PlanRollback, PausedDeploymentIsRefused) {
  auto plan = PlanRollback(Parse(Deployment("api:3", true)),
                           List({ReplicaSet("2", "api:2"), ReplicaSet("3", "api:3")}), 0);
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("you cannot rollback a paused deployment"),
            std::string::npos);
}

TEST(PlanRollback, SkipsWhenTheTemplateAlreadyMatchesIgnoringTheHash) {
  auto plan = PlanRollback(Parse(Deployment("api:2")),
                           List({ReplicaSet("2", "api:2"), ReplicaSet("3", "api:3")}), 0);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->skip);
  EXPECT_EQ(plan->revision, 2);
  EXPECT_TRUE(plan->patch.empty());
}

TEST(SemanticEqual, MissingNullAndEmptyAreEqual) {
  EXPECT_TRUE(SemanticEqual(Parse(R"({"a":1,"b":{}})"), Parse(R"({"a":1,"c":null,"d":[]})")));
  EXPECT_TRUE(SemanticEqual(Parse(R"({"x":1,"y":2})"), Parse(R"({"y":2,"x":1})")));
  EXPECT_FALSE(SemanticEqual(Parse(R"({"a":1})"), Parse(R"({"a":2})")));
  EXPECT_FALSE(SemanticEqual(Parse(R"({"a":[1,2]})"), Parse(R"({"a":[2,1]})")));
  EXPECT_FALSE(SemanticEqual(Parse(R"({"a":""})"), Parse(R"({})")));
}

}  // namespace
}  // namespace km::kube
