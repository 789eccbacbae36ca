#include "util/strings.h"

#include <gtest/gtest.h>

namespace km {
namespace {

TEST(Join, PutsTheSeparatorBetweenItemsOnly) {
  EXPECT_EQ(Join({}), "");
  EXPECT_EQ(Join({"a"}), "a");
  EXPECT_EQ(Join({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(Join({"octocat", "hubot"}, " or "), "octocat or hubot");
}

// An empty item keeps its place: the idiom this replaced, (text.empty() ? "" : ", ") + item,
// dropped the separator after an empty first item.
TEST(Join, KeepsEmptyItemsInTheirPlace) {
  EXPECT_EQ(Join({"", "b"}), ", b");
  EXPECT_EQ(Join({"a", "", "c"}, "/"), "a//c");
}

}  // namespace
}  // namespace km
