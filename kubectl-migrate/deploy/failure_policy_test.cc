#include "deploy/failure_policy.h"

#include <gtest/gtest.h>

#include "deploy/job_template.h"

namespace km::deploy {
namespace {

kube::PodAttempt Pod(const std::string& phase, std::optional<int> exit_code) {
  kube::PodAttempt pod;
  pod.name = "p";
  pod.phase = phase;
  pod.exit_code = exit_code;
  return pod;
}

kube::JsonDoc Job(const std::string& rules, const std::string& containers = R"([{"name":"migrate"}])",
                  const std::string& restart_policy = "Never") {
  auto doc = kube::ParseJson(R"({"spec":{"podFailurePolicy":{"rules":)" + rules +
                                 R"(},"template":{"spec":{"restartPolicy":")" + restart_policy +
                                 R"(","containers":)" + containers + "}}}}",
                             "job");
  EXPECT_TRUE(doc) << doc.error().message;
  return std::move(doc).value();
}

TEST(FailsTheJob, TheShippedTemplateFailsOnTheRunnersPermanentCodes) {
  auto job = LoadJobTemplate("");
  ASSERT_TRUE(job) << job.error().message;
  for (int code : {1, 2, 3, 70}) {
    EXPECT_EQ(FailsTheJob(*job, Pod("Failed", code)),
              "pod/p exited " + std::to_string(code) + ": a FailJob exit code of the Job's podFailurePolicy");
  }
  for (int code : {4, 5, 6, 12, 137}) EXPECT_FALSE(FailsTheJob(*job, Pod("Failed", code))) << code;
  // The container's state comes a second before the pod's phase; under restartPolicy Never it decides.
  EXPECT_TRUE(FailsTheJob(*job, Pod("Pending", 1)));
  EXPECT_TRUE(FailsTheJob(*job, Pod("Running", 1)));
  EXPECT_FALSE(FailsTheJob(*job, Pod("Failed", std::nullopt)));
  EXPECT_FALSE(FailsTheJob(*job, Pod("Succeeded", 0)));
}

TEST(FailsTheJob, OnlyTheFirstMatchingRuleDecides) {
  const char* ignore_first = R"([{"action":"Ignore","onExitCodes":{"operator":"In","values":[1]}},)"
                             R"({"action":"FailJob","onExitCodes":{"operator":"In","values":[1]}}])";
  EXPECT_FALSE(FailsTheJob(Job(ignore_first), Pod("Failed", 1)));
  const char* not_in = R"([{"action":"FailJob","onExitCodes":{"operator":"NotIn","values":[5,6]}}])";
  EXPECT_TRUE(FailsTheJob(Job(not_in), Pod("Failed", 1)));
  EXPECT_FALSE(FailsTheJob(Job(not_in), Pod("Failed", 5)));
  const char* count = R"([{"action":"Count","onExitCodes":{"operator":"In","values":[1]}}])";
  EXPECT_FALSE(FailsTheJob(Job(count), Pod("Failed", 1)));
}

TEST(FailsTheJob, WhatCannotBeKnownHereIsLeftToTheJobController) {
  const char* conditions_first = R"([{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]},)"
                                 R"({"action":"FailJob","onExitCodes":{"operator":"In","values":[1]}}])";
  EXPECT_FALSE(FailsTheJob(Job(conditions_first), Pod("Failed", 1)));
  const char* other_container = R"([{"action":"FailJob","onExitCodes":{"containerName":"sidecar","operator":"In",)"
                                R"("values":[1]}}])";
  EXPECT_FALSE(FailsTheJob(Job(other_container), Pod("Failed", 1)));
  const char* any = R"([{"action":"FailJob","onExitCodes":{"operator":"In","values":[1]}}])";
  EXPECT_FALSE(FailsTheJob(Job(any, R"([{"name":"migrate"},{"name":"sidecar"}])"), Pod("Failed", 1)));
  EXPECT_FALSE(FailsTheJob(Job(R"([{"action":"FailJob","onExitCodes":{"operator":"Maybe","values":[1]}}])"),
                           Pod("Failed", 1)));
  // A container that may be restarted in place decides only once the pod is Failed.
  EXPECT_FALSE(FailsTheJob(Job(any, R"([{"name":"migrate"}])", "OnFailure"), Pod("Running", 1)));
  EXPECT_TRUE(FailsTheJob(Job(any, R"([{"name":"migrate"}])", "OnFailure"), Pod("Failed", 1)));
    auto none = kube::ParseJson(R"({"spec":{"template":{"spec":{"containers":[{"name":"m"}]}}}})", "job");
  EXPECT_FALSE(FailsTheJob(*none, Pod("Failed", 1)));
}

}  // namespace
}  // namespace km::deploy
