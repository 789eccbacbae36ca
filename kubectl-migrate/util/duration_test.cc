#include "util/duration.h"

#include <gtest/gtest.h>

namespace km {
namespace {

TEST(ParseDuration, ReadsGoStyleDurationsAndBareSeconds) {
  EXPECT_EQ(*ParseDuration("300"), std::chrono::seconds(300));
  EXPECT_EQ(*ParseDuration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(*ParseDuration("3m"), std::chrono::minutes(3));
  EXPECT_EQ(*ParseDuration("1m30s"), std::chrono::seconds(90));
}

TEST(ParseDuration, RefusesWhatWouldOverflowWithAUsageError) {
  for (const char* text :
       {"99999999999999999999", "9223372036854775807", "99999999999999999999h", "99999999999h"}) {
    auto parsed = ParseDuration(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ExitCode::kUsage);
    EXPECT_NE(parsed.error().message.find(text), std::string::npos);
  }
}

TEST(FormatDuration, ReadsBackAsTheSameDuration) {
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(0)), "0");
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(std::chrono::seconds(180)), "180s");
  for (int64_t ms : {0, 1, 999, 1000, 1500, 180'000, 3'600'001}) {
    EXPECT_EQ(ParseDuration(FormatDuration(std::chrono::milliseconds(ms)))->count(), ms);
  }
}

}  // namespace
}  // namespace km
