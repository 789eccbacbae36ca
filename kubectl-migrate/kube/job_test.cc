#include "kube/job.h"

#include <gtest/gtest.h>

namespace km::kube {
namespace {

JsonDoc Job(const std::string& conditions, const std::string& counts = "") {
  auto doc = ParseJson(R"({"metadata":{"name":"j"},"status":{)" + counts +
                           (counts.empty() ? "" : ",") + R"("conditions":[)" + conditions + "]}}",
                       "test");
  EXPECT_TRUE(doc);
  return std::move(doc).value();
}

TEST(ReadJobStatus, RunningWithoutConditions) {
  JobStatus status = ReadJobStatus(Job("", R"("active":1,"failed":2)"));
  EXPECT_EQ(status.outcome, JobOutcome::kRunning);
  EXPECT_FALSE(status.finished);
  EXPECT_EQ(status.active, 1);
  EXPECT_EQ(status.failed, 2);
  EXPECT_EQ(Describe(status), "running (1 active, 2 failed)");
}

TEST(ReadJobStatus, FailedIsFinishedWithItsReason) {
  JobStatus status = ReadJobStatus(Job(
      R"({"type":"FailureTarget","status":"True","reason":"BackoffLimitExceeded","message":"m1"},)"
      R"({"type":"Failed","status":"True","reason":"BackoffLimitExceeded",)"
      R"("message":"Job has reached the specified backoff limit"})"));
  EXPECT_EQ(status.outcome, JobOutcome::kFailed);
  EXPECT_TRUE(status.finished);
  EXPECT_EQ(status.reason, "BackoffLimitExceeded");
  EXPECT_EQ(Describe(status),
            "failed (BackoffLimitExceeded: Job has reached the specified backoff limit)");
}

TEST(ReadJobStatus, FailureTargetTellsTheOutcomeBeforeFailed) {
  JobStatus status =
      ReadJobStatus(Job(R"({"type":"FailureTarget","status":"True","reason":"DeadlineExceeded"})"));
  EXPECT_EQ(status.outcome, JobOutcome::kFailed);
  EXPECT_FALSE(status.finished);
  EXPECT_EQ(status.reason, "DeadlineExceeded");
}

TEST(ReadJobStatus, SuccessCriteriaMetThenComplete) {
  JobStatus early = ReadJobStatus(Job(R"({"type":"SuccessCriteriaMet","status":"True"})"));
  EXPECT_EQ(early.outcome, JobOutcome::kSucceeded);
  EXPECT_FALSE(early.finished);
  JobStatus done = ReadJobStatus(
      Job(R"({"type":"Complete","status":"True"},{"type":"SuccessCriteriaMet","status":"True"})"));
  EXPECT_EQ(done.outcome, JobOutcome::kSucceeded);
  EXPECT_TRUE(done.finished);
  EXPECT_EQ(Describe(done), "succeeded");
}

TEST(ReadJobStatus, IgnoresConditionsThatAreNotTrue) {
  JobStatus status = ReadJobStatus(Job(R"({"type":"Failed","status":"False"})"));
  EXPECT_EQ(status.outcome, JobOutcome::kRunning);
}

TEST(MakeJobName, AppendsTheTimestamp) {
  EXPECT_EQ(MakeJobName("yomu-migration", 1732456789), "yomu-migration-1732456789");
}

TEST(MakeJobName, LongBasesAreCutToSixtyThreeWithAHash) {
  std::string base(70, 'a');
  std::string other = base + "b";
  std::string name = MakeJobName(base, 1732456789);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name.substr(name.size() - 11), "-1732456789");
  EXPECT_NE(name, MakeJobName(other, 1732456789));
  EXPECT_EQ(name.substr(0, 46), std::string(46, 'a'));
}

TEST(MakeJobName, CutNeverLeavesADashBeforeTheHash) {
  std::string base = std::string(45, 'a') + "--------------------";
  std::string name = MakeJobName(base, 1);
  EXPECT_EQ(name.find("--"), std::string::npos) << name;
  EXPECT_LE(name.size(), 63u);
}

}  // namespace
}  // namespace km::kube
