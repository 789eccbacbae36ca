#include "deploy/pod_creation.h"

#include <gtest/gtest.h>

namespace km::deploy {
namespace {

using std::chrono::milliseconds;

// An event as the Job controller records it when admission refuses its pod.
constexpr const char* kFailedCreate = R"({
  "kind": "Event", "apiVersion": "v1", "type": "Warning", "reason": "FailedCreate", "count": 4,
  "involvedObject": {"kind": "Job", "namespace": "yomu", "name": "yomu-api-migrate-1", "uid": "u-1"},
  "message": "Error creating: pods \"yomu-api-migrate-1-\" is forbidden: error looking up service account yomu/migrator: serviceaccount \"migrator\" not found",
  "source": {"component": "job-controller"}})";

TEST(FailedCreateMessage, IsTheControllersReasonWithoutItsPrefix) {
  kube::JsonDoc event = kube::ParseJson(kFailedCreate, "event").value();
  EXPECT_EQ(FailedCreateMessage(event),
            "pods \"yomu-api-migrate-1-\" is forbidden: error looking up service account "
            "yomu/migrator: serviceaccount \"migrator\" not found");
}

TEST(FailedCreateMessage, OtherEventsAreNotFailures) {
  kube::JsonDoc created =
      kube::ParseJson(
          R"({"reason": "SuccessfulCreate", "message": "Created pod: yomu-api-migrate-1-abcde"})",
          "event")
          .value();
  EXPECT_EQ(FailedCreateMessage(created), std::nullopt);
  kube::JsonDoc bare = kube::ParseJson(R"({"reason": "FailedCreate"})", "event").value();
  EXPECT_EQ(FailedCreateMessage(bare), "(the event gives no message)");
}

TEST(FailedCreateMessage, LeavesOutTheNameDrawnForEachTry) {
  auto message = [](const std::string& text) {
    kube::JsonDoc event;
    event.SetObject();
    auto& a = event.GetAllocator();
    kube::JsonValue involved(rapidjson::kObjectType);
    involved.AddMember("name", "yomu-api-migrate-1", a);
    event.AddMember("reason", "FailedCreate", a);
    event.AddMember("involvedObject", involved, a);
    event.AddMember("message", kube::JsonValue(text.c_str(), a), a);
    return FailedCreateMessage(event).value();
  };
  const std::string quota =
      "\" is forbidden: exceeded quota: q, requested: count/pods=1, used: count/pods=1, limited: "
      "count/pods=1";
  EXPECT_EQ(message("Error creating: pods \"yomu-api-migrate-1-7nttf" + quota),
            "pods \"yomu-api-migrate-1-" + quota);
  EXPECT_EQ(message("Error creating: pods \"yomu-api-migrate-1-2lkqx" + quota),
            message("Error creating: pods \"yomu-api-migrate-1-q8x2v" + quota));
  // Anything else is kept as it is: another pod's name, a name that was not drawn.
  EXPECT_EQ(message("pods \"other-job-7nttf" + quota), "pods \"other-job-7nttf" + quota);
  EXPECT_EQ(message("pods \"yomu-api-migrate-1-abc" + quota),
            "pods \"yomu-api-migrate-1-abc" + quota);
  EXPECT_EQ(message("pods \"yomu-api-migrate-1-ABCDE" + quota),
            "pods \"yomu-api-migrate-1-ABCDE" + quota);
  EXPECT_EQ(message("pods \"yomu-api-migrate-1-7nttf"), "pods \"yomu-api-migrate-1-7nttf");
}

TEST(EventNews, AnEventHandedOverAgainUnchangedIsNotNews) {
  auto event = [](const char* uid, const char* version) {
    return kube::ParseJson(std::string(R"({"metadata":{"uid":")") + uid +
                               R"(","resourceVersion":")" + version +
                               R"("},"reason":"FailedCreate"})",
                           "event")
        .value();
  };
  EventNews news;
  EXPECT_TRUE(news.IsNew(event("e1", "10")));
  EXPECT_FALSE(news.IsNew(event("e1", "10"))) << "a re-list hands it over again";
  EXPECT_TRUE(news.IsNew(event("e1", "14"))) << "its count went up: failing again";
  EXPECT_FALSE(news.IsNew(event("e1", "14")));
  EXPECT_TRUE(news.IsNew(event("e2", "10")));
  kube::JsonDoc bare = kube::ParseJson(R"({"reason":"FailedCreate"})", "event").value();
  EXPECT_TRUE(news.IsNew(bare));
  EXPECT_TRUE(news.IsNew(bare)) << "without a uid or version it cannot tell: news";
}

TEST(HopelessCreation, GetsTheGraceOfAConfigErrorForWhatTheSameDeployMakes) {
  EXPECT_EQ(HopelessCreation("exceeded quota: q", milliseconds(14'999)), std::nullopt);
  EXPECT_EQ(HopelessCreation("exceeded quota: q", milliseconds(15'000)),
            "FailedCreate: exceeded quota: q (still there after 15s)");
}

}  // namespace
}  // namespace km::deploy
