#include "util/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace km {
namespace {

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonNestedTooDeep, CountsOpenBracketsOutsideStrings) {
  EXPECT_FALSE(JsonNestedTooDeep(Nested(kMaxJsonDepth)));
  EXPECT_TRUE(JsonNestedTooDeep(Nested(kMaxJsonDepth + 1)));
  EXPECT_FALSE(JsonNestedTooDeep(R"({"a":")" + std::string(5000, '[') + R"(\"[{"})"));
  // Siblings do not add up.
  std::string wide;
  for (int i = 0; i < 5000; ++i) wide += "[{}]";
  EXPECT_FALSE(JsonNestedTooDeep(wide));
}

}  // namespace
}  // namespace km
