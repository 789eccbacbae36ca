#include "cli/run_display.h"

#include <gtest/gtest.h>

#include <sstream>

namespace km::cli {
namespace {

TEST(FormatSeconds, GoStyle) {
  EXPECT_EQ(FormatSeconds(12), "12s");
  EXPECT_EQ(FormatSeconds(300), "5m0s");
  EXPECT_EQ(FormatSeconds(3723), "1h2m3s");
}

TEST(RenderRunnerEvent, RunnerJsonLinesBecomeTheRunnersText) {
  EXPECT_EQ(RenderRunnerEvent(R"({"ts":"t","level":"info","event":"migration_applied",)"
                              R"("tag":"0001_users","duration_ms":12,"statements":1})",
                              false),
            "applied 0001_users in 12 ms\n");
  EXPECT_EQ(RenderRunnerEvent("kubectl-migrate: error: boom", false), "");
  EXPECT_EQ(RenderRunnerEvent(R"({"no":"event"})", false), "");
}

TEST(RunDisplay, PrefixesLinesWithThePodOnceThereAreSeveral) {
  std::ostringstream out, err;
  Io io{out, err};
  RunDisplay display(io, std::chrono::seconds(300));
  display.Created("j", "yomu");
  display.Log({"j-a", "migrate", "t1", "first"});
  display.Log({"j-b", "migrate", "t2", "second"});
  display.Close();
  EXPECT_EQ(err.str(),
            "job.batch/j created in namespace yomu\n"
            "==> pod/j-a (attempt 1) <==\nfirst\n"
            "==> pod/j-b (attempt 2) <==\n[j-b] second\n");
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace km::cli
