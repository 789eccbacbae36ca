#include "deploy/run.h"

#include <gtest/gtest.h>

#include "deploy/run_report.h"

namespace km::deploy {
namespace {

RunReport Failed(std::vector<std::string> rollback_results) {
  RunReport report;
  report.outcome = "failed";
  for (const std::string& result : rollback_results) {
    report.rollbacks.push_back({"api", result, ""});
  }
  return report;
}

TEST(RunExitCode, FollowsOutcomeAndRollbacks) {
  RunReport ok;
  ok.succeeded = true;
  ok.outcome = "succeeded";
  EXPECT_EQ(RunExitCode(ok), ExitCode::kOk);
  EXPECT_EQ(RunExitCode(Failed({})), ExitCode::kMigrationFailed);
  EXPECT_EQ(RunExitCode(Failed({"rolled back", "skipped"})), ExitCode::kRolledBack);
  EXPECT_EQ(RunExitCode(Failed({"rolled back", "error"})), ExitCode::kRollbackFailed);
  EXPECT_EQ(RunExitCode(Failed({"unchanged"})), ExitCode::kRolledBack);
  EXPECT_EQ(RunExitCode(Failed({"withheld"})), ExitCode::kRollbackFailed);
  RunReport not_started = Failed({"unchanged"});
  not_started.outcome = "not started";
  EXPECT_EQ(RunExitCode(not_started), ExitCode::kJobNotStarted);
  RunReport timed_out = Failed({"rolled back"});
  timed_out.outcome = "timed out";
  EXPECT_EQ(RunExitCode(timed_out), ExitCode::kTimedOut);
  RunReport deleted = Failed({});
  deleted.outcome = "deleted";
  EXPECT_EQ(RunExitCode(deleted), ExitCode::kMigrationFailed);
}

TEST(ParseRunnerSummary, OnlyTheSummaryEvent) {
  auto summary = ParseRunnerSummary(
      R"({"ts":"t","level":"info","event":"summary","success":true,"applied":3,"schema_version":"0002_b"})");
  ASSERT_TRUE(summary);
  EXPECT_EQ(kube::IntAt(*summary, {"applied"}), 3);
  EXPECT_FALSE(ParseRunnerSummary(R"({"event":"migration_applied","tag":"summary"})"));
  EXPECT_FALSE(ParseRunnerSummary("summary: not json"));
}

TEST(RunReportJson, AttemptsRunnerMetricsAndRollbacks) {
  RunReport report = Failed({"rolled back"});
  report.job_name = "yomu-migrate-1";
  report.namespace_ = "yomu";
  report.exit_code = ExitCode::kRolledBack;
  kube::PodAttempt attempt;
  attempt.name = "yomu-migrate-1-abcde";
  attempt.phase = "Failed";
  attempt.exit_code = 1;
  attempt.started_at = "2025-01-02T03:04:05Z";
  attempt.finished_at = "2025-01-02T03:04:07Z";
  report.attempts.push_back(attempt);
  report.runner_summary = ParseRunnerSummary(R"({"event":"summary","success":false,"failed":1})");
  std::string json = RunReportJson(report);
  EXPECT_NE(json.find(R"("attempts":[{"pod":"yomu-migrate-1-abcde","phase":"Failed","exit_code":1,)"
                      R"("started_at":"2025-01-02T03:04:05Z","finished_at":"2025-01-02T03:04:07Z",)"
                      R"("duration_ms":2000}])"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("runner":{"event":"summary","success":false,"failed":1})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("rollbacks":[{"deployment":"api","result":"rolled back","revision":0,"message":""}])"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("exit_code":8)"), std::string::npos) << json;
}

}  // namespace
}  // namespace km::deploy
