#include "runner/events.h"

#include <gtest/gtest.h>

#include <sstream>

namespace km::runner {
namespace {

TEST(EventToJson, WritesOneLineObjectWithFieldsInOrderAndEscapes) {
  Event event("migration_failed", "error");
  event.Add("tag", "0001_x").Add("statement", 2).Add("success", false)
      .Add("message", "relation \"t\"\nmissing");
  EXPECT_EQ(EventToJson(event, "2026-11-24T00:00:00.000Z"),
            R"({"ts":"2026-11-24T00:00:00.000Z","level":"error","event":"migration_failed",)"
            R"("tag":"0001_x","statement":2,"success":false,"message":"relation \"t\"\nmissing"})");
}

TEST(TextSink, SummarisesARunForHumans) {
  std::ostringstream out;
  TextSink sink(out, /*color=*/false);
  sink.Emit(Event("migration_applied").Add("tag", "0001_users").Add("duration_ms", 12));
  sink.Emit(Event("summary").Add("success", true).Add("applied", 3).Add("failed", 0)
                .Add("pending", 0).Add("duration_ms", 1500).Add("schema_version", "0003_b")
                .Add("schema_hash", "abcdef0123456789"));
  EXPECT_EQ(out.str(),
            "applied 0001_users in 12 ms\n"
            "done: applied 3, failed 0, pending 0 in 1.5s; schema version 0003_b (abcdef012345)\n");
}

TEST(TextSink, BaselineSummarySaysWhatWasRecorded) {
  std::ostringstream out;
  TextSink sink(out, /*color=*/false);
  sink.Emit(Event("summary").Add("success", true).Add("baselined", 2).Add("schema_version", "0001_b"));
  EXPECT_EQ(out.str(), "done: recorded 2 migration(s) as applied, up to 0001_b\n");
}

TEST(TextSink, OutOfOrderIsAWarningWhenItIsApplied) {
  std::ostringstream out;
  TextSink sink(out, /*color=*/false);
  sink.Emit(Event("out_of_order", "warn").Add("tag", "20261124133535_late").Add("message", "applying it"));
  sink.Emit(Event("out_of_order", "error").Add("tag", "0001_late").Add("message", "refused"));
  EXPECT_EQ(out.str(), "warning: applying it\nerror: refused\n");
}

}  // namespace
}  // namespace km::runner
