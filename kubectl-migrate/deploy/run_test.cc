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
  EXPECT_NE(json.find(R"("retry_not_started":"",)"), std::string::npos) << json;
  report.retry_not_started = "FailedCreate: exceeded quota: q (still there after 15s)";
  EXPECT_NE(
      RunReportJson(report).find(
          R"json("retry_not_started":"FailedCreate: exceeded quota: q (still there after 15s)")json"),
      std::string::npos);
}

TEST(MigrationsApplied, CountsWhatEveryAttemptCommittedNotTheLastSummary) {
  RunReport report;
  EXPECT_EQ(MigrationsApplied(report), std::nullopt) << "no runner line read: unknown, not 0";
  EXPECT_NE(RunReportJson(report).find(R"("applied":null)"), std::string::npos);
  // The first attempt committed two and was cut off; the second found nothing left to do.
  report.committed = {"0000_init", "0001_users"};
  report.runner_summary = ParseRunnerSummary(R"({"event":"summary","success":true,"applied":0})");
  EXPECT_EQ(MigrationsApplied(report), 2u);
  std::string json = RunReportJson(report);
  EXPECT_NE(json.find(R"("committed":["0000_init","0001_users"],"applied":2)"), std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("runner":{"event":"summary","success":true,"applied":0})"),
            std::string::npos)
      << json;
  report.committed.push_back("0001_users");  // a line read twice is still one migration
  EXPECT_EQ(MigrationsApplied(report), 2u);
  report.committed.clear();
  EXPECT_EQ(MigrationsApplied(report), 0u) << "a summary but nothing committed: 0";
}

}  // namespace
}  // namespace km::deploy
