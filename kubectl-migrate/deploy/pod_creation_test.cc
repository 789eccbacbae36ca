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

TEST(HopelessCreation, GetsTheGraceOfAConfigErrorForWhatTheSameDeployMakes) {
  EXPECT_EQ(HopelessCreation("exceeded quota: q", milliseconds(14'999)), std::nullopt);
  EXPECT_EQ(HopelessCreation("exceeded quota: q", milliseconds(15'000)),
            "FailedCreate: exceeded quota: q (still there after 15s)");
}

}  // namespace
}  // namespace km::deploy
