#include "util/json_numbers.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

namespace km {
namespace {

std::string Written(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Parses, writes, parses the written text and writes again: both writes must agree.
void ExpectStableRoundTrip(const std::string& json) {
  rapidjson::Document once;
  ASSERT_FALSE(ParseJsonExactNumbers(once, json).IsError()) << json;
  std::string written = Written(once);
  rapidjson::Document again;
  ASSERT_FALSE(ParseJsonExactNumbers(again, written).IsError()) << written;
  EXPECT_EQ(Written(again), written) << json;
  EXPECT_TRUE(again == once) << json;
}

TEST(ParseJsonExactNumbers, IntegersKeepTheirTypes) {
  rapidjson::Document doc;
  ASSERT_FALSE(
      ParseJsonExactNumbers(doc, R"([1,-5,-0,4294967296,-9223372036854775808,18446744073709551615,
                                              18446744073709551616])")
          .IsError());
  EXPECT_TRUE(doc[0].IsInt());
  EXPECT_EQ(doc[0].GetInt(), 1);
  EXPECT_EQ(doc[1].GetInt(), -5);
  EXPECT_TRUE(doc[2].IsInt());
  EXPECT_EQ(doc[2].GetInt(), 0);
  EXPECT_FALSE(doc[3].IsInt());
  EXPECT_EQ(doc[3].GetInt64(), 4294967296);
  EXPECT_EQ(doc[4].GetInt64(), INT64_MIN);
  EXPECT_EQ(doc[5].GetUint64(), UINT64_MAX);
  EXPECT_TRUE(doc[6].IsDouble());  // beyond 64 bits: a double, as rapidjson's Parse gives
  EXPECT_EQ(doc[6].GetDouble(), 18446744073709551616.0);
}

TEST(ParseJsonExactNumbers, OtherNumbersAreTheNearestDouble) {
  rapidjson::Document doc;
  ASSERT_FALSE(ParseJsonExactNumbers(
                   doc, R"([0.1,-2.5e-3,9007199254740993.0,1.7976931348623157e308,4.9e-324])")
                   .IsError());
  EXPECT_EQ(doc[0].GetDouble(), 0.1);
  EXPECT_EQ(doc[1].GetDouble(), -2.5e-3);
  EXPECT_EQ(doc[2].GetDouble(), 9007199254740992.0);  // 2^53 + 1 rounds to even
  EXPECT_EQ(doc[3].GetDouble(), 1.7976931348623157e308);
  EXPECT_EQ(doc[4].GetDouble(), 4.9e-324);
}

// From fuzz_run_history: rapidjson's default Parse reads this number one unit in the last
// place away from what its Writer wrote, so it changed on every round trip.
TEST(ParseJsonExactNumbers, ALongNumberReadsBackAsWrittenFromFuzzing) {
  std::string number =
      "400004000000000000000" + std::string(106, '2') + "00000000000018101398300392964024.180";
  ExpectStableRoundTrip(R"({"d":)" + number + "}");
  rapidjson::Document doc;
  ASSERT_FALSE(ParseJsonExactNumbers(doc, number).IsError());
  EXPECT_EQ(doc.GetDouble(), std::stod(number));
}

TEST(ParseJsonExactNumbers, ManyNumbersGoRoundUnchanged) {
  for (const char* json :
       {"[3.14159,2.718281828459045,1e300,-1e-300,123456789012345678901234567890]",
        "[0.30000000000000004,5e-324,2.2250738585072014e-308,1.0000000000000002]",
        R"({"a":{"b":[1.5,-0.0,"7",true,null]}})"}) {
    ExpectStableRoundTrip(json);
  }
}

TEST(ParseJsonExactNumbers, ANumberBeyondADoubleStopsTheParse) {
  for (const char* json : {"[1.8e308]", "[1e-400]", R"({"d":-2e308})"}) {
    rapidjson::Document doc;
    rapidjson::ParseResult result = ParseJsonExactNumbers(doc, json);
    EXPECT_TRUE(result.IsError()) << json;
  }
  rapidjson::Document doc;
  rapidjson::ParseResult result = ParseJsonExactNumbers(doc, "[1,1.8e308]");
  EXPECT_EQ(result.Code(), rapidjson::kParseErrorTermination);
  EXPECT_EQ(result.Offset(), 3u);  // where the number starts
}

TEST(ParseJsonExactNumbers, InvalidJsonIsAnErrorWithItsOffset) {
  rapidjson::Document doc;
  rapidjson::ParseResult result = ParseJsonExactNumbers(doc, R"({"a":01})");
  ASSERT_TRUE(result.IsError());
  EXPECT_EQ(result.Offset(), 6u);
  EXPECT_TRUE(ParseJsonExactNumbers(doc, "").IsError());
  EXPECT_TRUE(ParseJsonExactNumbers(doc, "[1,").IsError());
  EXPECT_TRUE(ParseJsonExactNumbers(doc, "[1] 2").IsError());
}

}  // namespace
}  // namespace km
