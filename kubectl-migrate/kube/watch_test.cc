#include "kube/watch.h"

#include <gtest/gtest.h>

namespace km::kube {
namespace {

TEST(WatchDecoder, SplitsObjectsAcrossAndWithinChunks) {
  WatchDecoder decoder;
  std::vector<std::string> out;
  decoder.Feed(R"({"type":"ADDED","object":{"a":1}}
{"type":"MOD)",
               out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], R"({"type":"ADDED","object":{"a":1}})");
  decoder.Feed(R"(IFIED","object":{"b":{"c":2}}})", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], R"({"type":"MODIFIED","object":{"b":{"c":2}}})");
  EXPECT_EQ(decoder.pending(), 0u);
}

TEST(WatchDecoder, IgnoresBracesInsideStringsAndEscapedQuotes) {
  WatchDecoder decoder;
  std::vector<std::string> out;
  std::string event = R"({"type":"ADDED","object":{"msg":"a } \" { b","x":"\\"}})";
  for (char c : event) decoder.Feed(std::string_view(&c, 1), out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], event);
}

TEST(WatchDecoder, HandlesObjectsWithoutNewlinesBetween) {
  WatchDecoder decoder;
  std::vector<std::string> out;
  decoder.Feed(R"({"a":1}{"b":2}  {"c")", out);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_GT(decoder.pending(), 0u);
  decoder.Feed(":3}\n", out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2], R"({"c":3})");
}

}  // namespace
}  // namespace km::kube
