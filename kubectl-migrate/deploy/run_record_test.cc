#include "deploy/run_record.h"

#include <gtest/gtest.h>

namespace km::deploy {
namespace {

kube::PodAttempt Attempt(const std::string& name, const std::string& phase, std::optional<int> exit_code) {
  kube::PodAttempt attempt;
  attempt.name = name;
  attempt.phase = phase;
  attempt.exit_code = exit_code;
  return attempt;
}

TEST(MakeRunRecord, KeepsTheOutcomeExitCodesAndTheLastAttemptsLines) {
  RunReport report;
  report.job_name = "yomu-migrate-20261201170000-abcde";
  report.namespace_ = "yomu";
  report.outcome = "failed";
  report.detail = "failed (2 failed)";
  report.wait.status.reason = "BackoffLimitExceeded";
  report.exit_code = ExitCode::kRolledBack;
  report.duration_ms = 2500;
  report.attempts = {Attempt("pod-1", "Failed", 5), Attempt("pod-2", "Failed", 1)};
  report.runner_error = "ERROR 22012: division by zero";
  report.log_tails["pod-1"] = {"first attempt"};
  report.log_tails["pod-2"] = {"second attempt", "password=hunter2 the end"};
  report.log_line_counts = {{"pod-1", 1}, {"pod-2", 70}};
  report.rollbacks = {{"yomu-api", "rolled back", "deployment/yomu-api rolled back to revision 1", 1}};
  records::RunRecord record = MakeRunRecord(report, {"yomu", "abc", "0001_b", "ana"}, 1'796'144'400'000);
  EXPECT_EQ(record.job, report.job_name);
  EXPECT_EQ(record.app, "yomu");
  EXPECT_EQ(record.exit_code, 8);
  EXPECT_EQ(record.reason, "BackoffLimitExceeded");
  EXPECT_EQ(record.finished_at, "2026-12-01T17:00:00.000Z");
  EXPECT_EQ(record.started_at, "2026-12-01T16:59:57.500Z");
  ASSERT_EQ(record.attempts.size(), 2u);
  EXPECT_EQ(record.attempts[0].exit_code, 5);
  EXPECT_EQ(record.attempts[1].exit_code, 1);
  EXPECT_EQ(record.log_pod, "pod-2");
  EXPECT_EQ(record.log_tail, (std::vector<std::string>{"second attempt", "password=*** the end"}));
  EXPECT_TRUE(record.log_truncated) << "pod-2 wrote 70 lines, 2 were kept";
  ASSERT_EQ(record.rollbacks.size(), 1u);
  EXPECT_EQ(record.rollbacks[0].result, "rolled back");
  EXPECT_EQ(record.commit, "abc");
}

TEST(MakeRunRecord, APodThatNeverStartedLeavesNoLines) {
  RunReport report;
  report.job_name = "j";
  report.outcome = "not started";
  report.detail = "ErrImageNeverPull";
  report.exit_code = ExitCode::kJobNotStarted;
  report.attempts = {Attempt("pod-1", "Pending", std::nullopt)};
  records::RunRecord record = MakeRunRecord(report, {"yomu", "", "", ""}, 0);
  EXPECT_EQ(record.exit_code, 13);
  EXPECT_TRUE(record.log_tail.empty());
  EXPECT_EQ(record.log_pod, "");
  EXPECT_FALSE(record.attempts[0].exit_code.has_value());
}

}  // namespace
}  // namespace km::deploy
