#include "kube/timestamp.h"

#include <gtest/gtest.h>

namespace km::kube {
namespace {

TEST(UnixMillisFromRfc3339, ReadsTheFormsTheApiWrites) {
  EXPECT_EQ(UnixMillisFromRfc3339("2025-01-02T03:04:05Z"), 1735787045000);
  EXPECT_EQ(UnixMillisFromRfc3339("2025-01-02T03:04:05.123456789Z"), 1735787045123);
  EXPECT_EQ(UnixMillisFromRfc3339("2025-01-02T05:04:05+02:00"), 1735787045000);
}

TEST(UnixMillisFromRfc3339, RejectsOtherText) {
  EXPECT_EQ(UnixMillisFromRfc3339(""), std::nullopt);
  EXPECT_EQ(UnixMillisFromRfc3339("2025-01-02 03:04:05"), std::nullopt);
  EXPECT_EQ(UnixMillisFromRfc3339("2025-01-02T03:04:05"), std::nullopt);
}

}  // namespace
}  // namespace km::kube
