#include "cli/run_display.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

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

// `run` calls Log from one thread per followed container and Status from the Job
// waiter while the ticker redraws the progress line: every line must come out whole.
// Run under ThreadSanitizer by scripts/test-sanitizers (build-tsan).
TEST(RunDisplay, ConcurrentLogStreamsStatusAndTickerKeepEveryLineWhole) {
  std::ostringstream out, err;
  Io io{out, err, false, /*err_is_tty=*/true, false};
  RunDisplay display(io, std::chrono::seconds(300));
  display.Created("j", "yomu");
  constexpr int kStreams = 4, kLines = 200;
  std::vector<std::thread> streams;
  for (int s = 0; s < kStreams; ++s) {
    streams.emplace_back([&display, s] {
      for (int i = 0; i < kLines; ++i) {
        display.Log({"j-" + std::to_string(s), "migrate", "t", "line " + std::to_string(s) + "." +
                                                               std::to_string(i) + " end"});
      }
    });
  }
  std::thread waiter([&display] {
    for (int i = 0; i < 12; ++i) {  // past one redraw of the ticker (every second)
      kube::JobStatus status;
      status.active = i;
      display.Status(status);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (auto& stream : streams) stream.join();
  waiter.join();
  display.Close();
  std::string text = err.str();
  for (int s = 0; s < kStreams; ++s) {
    for (int i = 0; i < kLines; ++i) {
      std::string line = "line " + std::to_string(s) + "." + std::to_string(i) + " end\n";
      EXPECT_NE(text.find(line), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace km::cli
