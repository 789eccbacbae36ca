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

TEST(MakeRunJobName, AppUtcTimestampAndSuffix) {
  // 1735787045 = 2025-01-02T03:04:05Z
  EXPECT_EQ(MakeRunJobName("yomu-api", 1735787045, "k3x9q"),
            "yomu-api-migrate-20250102030405-k3x9q");
}

TEST(MakeRunJobName, AnyAppBecomesAValidLabelOfAtMostSixtyThree) {
  for (std::string app : {std::string("Yomu_API.v2"), std::string(80, 'x'), std::string("--"),
                          std::string("a") + std::string(40, '-') + "b"}) {
    std::string name = MakeRunJobName(app, 1735787045, "abcde");
    EXPECT_LE(name.size(), 63u) << name;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos)
        << name;
    EXPECT_NE(name.front(), '-') << name;
    EXPECT_TRUE(name.ends_with("-migrate-20250102030405-abcde")) << name;
  }
  EXPECT_EQ(MakeRunJobName("Yomu_API.v2", 0, "abcde"), "yomu-api-v2-migrate-19700101000000-abcde");
  EXPECT_NE(MakeRunJobName(std::string(80, 'x'), 0, "a"),
            MakeRunJobName(std::string(81, 'x'), 0, "a"));
}

TEST(RandomNameSuffix, LowercaseLettersAndDigitsThatDiffer) {
  std::string a = RandomNameSuffix(5), b = RandomNameSuffix(5);
  EXPECT_EQ(a.size(), 5u);
  EXPECT_EQ(a.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos);
  std::string c = RandomNameSuffix(5);
  EXPECT_FALSE(a == b && b == c);
}

}  // namespace
}  // namespace km::kube
