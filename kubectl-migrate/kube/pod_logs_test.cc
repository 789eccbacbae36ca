#include "kube/pod_logs.h"

#include <gtest/gtest.h>

namespace km::kube {
namespace {

JsonDoc Pod(const std::string& restart_policy, const std::string& phase, const std::string& states) {
  auto doc = ParseJson(R"({"spec":{"restartPolicy":")" + restart_policy +
                           R"(","containers":[{"name":"a"},{"name":"b"}]},"status":{"phase":")" + phase +
                           R"(","containerStatuses":)" + states + "}}",
                       "pod");
  EXPECT_TRUE(doc) << doc.error().message;
  return std::move(doc).value();
}

TEST(PodHasEnded, ATerminalPhaseOrEveryContainerExitedUnderNever) {
  const std::string both = R"([{"state":{"terminated":{"exitCode":1}}},{"state":{"terminated":{"exitCode":0}}}])";
  const std::string one = R"([{"state":{"terminated":{"exitCode":1}}},{"state":{"running":{}}}])";
  EXPECT_TRUE(PodHasEnded(Pod("OnFailure", "Failed", "[]")));
  EXPECT_TRUE(PodHasEnded(Pod("Never", "Succeeded", "[]")));
  EXPECT_TRUE(PodHasEnded(Pod("Never", "Pending", both))) << "the containers' state comes before the phase";
  EXPECT_TRUE(PodHasEnded(Pod("Never", "Running", both)));
  EXPECT_FALSE(PodHasEnded(Pod("Never", "Running", one)));
  EXPECT_FALSE(PodHasEnded(Pod("Never", "Pending", R"([{"state":{"terminated":{"exitCode":1}}}])")))
      << "a container not reported yet";
  EXPECT_FALSE(PodHasEnded(Pod("OnFailure", "Running", both))) << "may be restarted in place";
}

TEST(CompareTimestamps, OrdersFractionsOfDifferentLengths) {
  EXPECT_LT(CompareTimestamps("2024-01-02T03:04:05.1Z", "2024-01-02T03:04:05.12Z"), 0);
  EXPECT_GT(CompareTimestamps("2024-01-02T03:04:05.2Z", "2024-01-02T03:04:05.12Z"), 0);
  EXPECT_EQ(CompareTimestamps("2024-01-02T03:04:05.100Z", "2024-01-02T03:04:05.1Z"), 0);
  EXPECT_LT(CompareTimestamps("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000000001Z"), 0);
  EXPECT_LT(CompareTimestamps("2024-01-02T03:04:05.9Z", "2024-01-02T03:04:06Z"), 0);
}

TEST(SplitTimestamp, SplitsAtTheFirstSpace) {
  auto [ts, text] = SplitTimestamp("2024-01-02T03:04:05.1Z applying 0002 sessions");
  EXPECT_EQ(ts, "2024-01-02T03:04:05.1Z");
  EXPECT_EQ(text, "applying 0002 sessions");
}

TEST(LogCursor, ReopenedStreamPassesOnOnlyNewLines) {
  LogCursor cursor;
  cursor.Reopen();
  EXPECT_TRUE(cursor.Accept("2024-01-01T00:00:01Z"));
  EXPECT_TRUE(cursor.Accept("2024-01-01T00:00:02Z"));
  EXPECT_TRUE(cursor.Accept("2024-01-01T00:00:02Z"));  // two lines in the same instant
  cursor.Reopen();                                     // the stream starts over
  EXPECT_FALSE(cursor.Accept("2024-01-01T00:00:01Z"));
  EXPECT_FALSE(cursor.Accept("2024-01-01T00:00:02Z"));
  EXPECT_FALSE(cursor.Accept("2024-01-01T00:00:02Z"));
  EXPECT_TRUE(cursor.Accept("2024-01-01T00:00:02Z"));  // a third line in that instant is new
  EXPECT_TRUE(cursor.Accept("2024-01-01T00:00:03Z"));
}

}  // namespace
}  // namespace km::kube
