#include "deploy/start_failure.h"

#include <gtest/gtest.h>

namespace km::deploy {
namespace {

using std::chrono::milliseconds;

kube::PodAttempt Waiting(std::string reason, std::string message) {
  kube::PodAttempt pod;
  pod.name = "p";
  pod.phase = "Pending";
  pod.waiting_reason = std::move(reason);
  pod.waiting_message = std::move(message);
  return pod;
}

TEST(HopelessStart, ImagesThatWillNeverBeThereFailAtOnce) {
  EXPECT_EQ(HopelessStart(Waiting("ErrImageNeverPull", "Container image \"x:1\" is not present with pull policy of Never"),
                          milliseconds(0)),
            "pod/p: ErrImageNeverPull: Container image \"x:1\" is not present with pull policy of Never");
  EXPECT_TRUE(HopelessStart(Waiting("InvalidImageName", "couldn't parse image name"), milliseconds(0)));
  EXPECT_TRUE(HopelessStart(Waiting("ErrImagePull", "rpc error: ghcr.io/nope/x:1: not found"), milliseconds(0)));
  EXPECT_TRUE(HopelessStart(Waiting("ImagePullBackOff", "manifest unknown"), milliseconds(0)));
}

TEST(HopelessStart, APullThatMayWorkLaterIsLeftToTheStartTimeout) {
  EXPECT_FALSE(HopelessStart(Waiting("ErrImagePull", "429 Too Many Requests"), milliseconds(60'000)));
  EXPECT_FALSE(HopelessStart(Waiting("ContainerCreating", ""), milliseconds(60'000)));
}

TEST(HopelessStart, AConfigErrorGetsAShortGraceForASecretCreatedAlongside) {
  auto pod = Waiting("CreateContainerConfigError", "secret \"kubectl-migrate-db\" not found");
  EXPECT_FALSE(HopelessStart(pod, milliseconds(2'000)));
  auto reason = HopelessStart(pod, milliseconds(15'000));
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "pod/p: CreateContainerConfigError: secret \"kubectl-migrate-db\" not found (still there after 15s)");
}

TEST(HopelessStart, AnUnschedulablePodWaitsForTheStartTimeout) {
  kube::PodAttempt pod;
  pod.name = "p";
  pod.unschedulable = "0/1 nodes are available: 1 Insufficient cpu.";
  EXPECT_FALSE(HopelessStart(pod, milliseconds(600'000)));
  EXPECT_EQ(DescribeWaiting(pod), "pod/p: unschedulable: 0/1 nodes are available: 1 Insufficient cpu.");
}

TEST(RetryNotStarting, ARetryGetsTheStartTimeoutFromItsCreation) {
  kube::PodAttempt pod;
  pod.name = "p";
  pod.phase = "Pending";
  pod.unschedulable = "0/1 nodes are available: 1 Insufficient cpu.";
  EXPECT_EQ(RetryNotStarting(pod, milliseconds(119'999), milliseconds(120'000)), std::nullopt);
  EXPECT_EQ(RetryNotStarting(pod, milliseconds(120'000), milliseconds(120'000)),
            "pod/p did not start within --start-timeout 120s: pod/p: unschedulable: 0/1 nodes are "
            "available: 1 Insufficient cpu.");
  pod.unschedulable.clear();
  EXPECT_EQ(RetryNotStarting(pod, milliseconds(120'000), milliseconds(120'000)),
            "pod/p did not start within --start-timeout 120s");
}

TEST(RetryNotStarting, APodThatStartedOrEndedOrNoLimitIsNeverGivenUpOn) {
  kube::PodAttempt pod = Waiting("ContainerCreating", "");
  EXPECT_EQ(RetryNotStarting(pod, milliseconds(600'000), milliseconds(0)), std::nullopt)
      << "--start-timeout 0";
  pod.started = true;
  EXPECT_EQ(RetryNotStarting(pod, milliseconds(600'000), milliseconds(120'000)), std::nullopt);
  pod.started = false;
  pod.ended = true;
  EXPECT_EQ(RetryNotStarting(pod, milliseconds(600'000), milliseconds(120'000)), std::nullopt);
}

}  // namespace
}  // namespace km::deploy
