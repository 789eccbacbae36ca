#include "runner/retry.h"

#include <gtest/gtest.h>

namespace km::runner {
namespace {

using std::chrono::milliseconds;

TEST(NextRetryDelay, DoublesFromTheFirstDelayUpToTheMaximum) {
  RetryPolicy policy{milliseconds(60'000), milliseconds(250), milliseconds(5'000)};
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(0), 1.0), milliseconds(250));
  EXPECT_EQ(NextRetryDelay(policy, 2, milliseconds(0), 1.0), milliseconds(500));
  EXPECT_EQ(NextRetryDelay(policy, 3, milliseconds(0), 1.0), milliseconds(1'000));
  EXPECT_EQ(NextRetryDelay(policy, 6, milliseconds(0), 1.0), milliseconds(5'000));
  EXPECT_EQ(NextRetryDelay(policy, 60, milliseconds(0), 1.0), milliseconds(5'000));
}

TEST(NextRetryDelay, JitterPicksBetweenHalfAndAllOfTheStep) {
  RetryPolicy policy{milliseconds(60'000), milliseconds(1'000), milliseconds(5'000)};
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(0), 0.0), milliseconds(500));
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(0), 0.5), milliseconds(750));
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(0), 7.0), milliseconds(1'000));
}

TEST(NextRetryDelay, StopsWhenTheBudgetWouldBeOver) {
  RetryPolicy policy{milliseconds(10'000), milliseconds(1'000), milliseconds(5'000)};
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(8'000), 1.0), milliseconds(1'000));
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(9'000), 1.0), std::nullopt);
  EXPECT_EQ(NextRetryDelay(policy, 3, milliseconds(7'000), 1.0), std::nullopt);
}

TEST(NextRetryDelay, AZeroBudgetNeverRetries) {
  RetryPolicy policy{milliseconds(0), milliseconds(250), milliseconds(5'000)};
  EXPECT_EQ(NextRetryDelay(policy, 1, milliseconds(0), 0.0), std::nullopt);
}

}  // namespace
}  // namespace km::runner
