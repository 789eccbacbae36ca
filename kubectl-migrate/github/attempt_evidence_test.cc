#include "github/attempt_evidence.h"

#include <gtest/gtest.h>

namespace km::github {
namespace {

// Shaped like GitHub's documented responses: GET …/actions/runs/{id}/attempts/{n},
// GET …/deployments, GET …/deployments/{id}/statuses.
constexpr const char* kAttempt = R"({"id":101,"run_attempt":2,"run_number":7,
  "head_sha":"aaaabbbbccccddddeeeeffff0000111122223333","event":"push",
  "run_started_at":"2026-11-20T10:00:00Z","created_at":"2026-11-20T09:00:00Z",
  "actor":{"login":"ana","id":1},"triggering_actor":{"login":"carl","id":3},
  "previous_attempt_url":"https://api.github.com/repos/yomu/api/actions/runs/101/attempts/1"})";

constexpr const char* kStatuses = R"([
  {"id":3,"state":"in_progress","created_at":"2026-11-20T10:05:02Z",
   "log_url":"https://github.com/yomu/api/actions/runs/101/job/9002",
   "target_url":"https://github.com/yomu/api/actions/runs/101/job/9002","environment":"production"},
  {"id":2,"state":"queued","created_at":"2026-11-20T10:05:00Z",
   "log_url":"","target_url":"https://github.com/yomu/api/actions/runs/101/job/9002"},
  {"id":1,"state":"waiting","created_at":"2026-11-20T10:00:05Z",
   "log_url":"https://github.com/yomu/api/actions/runs/101/job/9002"}])";

DeploymentStatus Status(std::string state, int64_t run_id, std::string at = "2026-11-20T10:00:05Z") {
  return {std::move(state), std::move(at),
          "https://github.com/yomu/api/actions/runs/" + std::to_string(run_id) + "/job/1"};
}

Deployment Held(int64_t id, std::string created_at, int64_t run_id = 101,
                std::string environment = "production") {
  return {id, std::move(environment), std::move(created_at),
          {Status("in_progress", run_id), Status("queued", run_id), Status("waiting", run_id)}};
}

Review Approval(std::string login, std::string environment = "production") {
  return {"approved", std::move(login), "", {std::move(environment)}};
}

AttemptEvidence Evidence(std::vector<Deployment> deployments, std::vector<Review> reviews) {
  AttemptEvidence evidence;
  evidence.run_id = 101;
  evidence.attempt = *ParseAttempt(kAttempt);
  evidence.deployments = std::move(deployments);
  evidence.reviews = std::move(reviews);
  return evidence;
}

TEST(ParseAttempt, ReadsNumberStartShaAndBothActors) {
  auto attempt = ParseAttempt(kAttempt);
  ASSERT_TRUE(attempt) << attempt.error().message;
  EXPECT_EQ(attempt->number, 2);
  EXPECT_EQ(attempt->started_at, "2026-11-20T10:00:00Z");
  EXPECT_EQ(attempt->head_sha, "aaaabbbbccccddddeeeeffff0000111122223333");
  EXPECT_EQ(attempt->actor, "ana");
  EXPECT_EQ(attempt->triggering_actor, "carl");
}

TEST(ParseAttempt, RefusesAnAttemptWithoutStart) {
  EXPECT_FALSE(ParseAttempt(R"({"run_attempt":1,"head_sha":"a"})"));
  EXPECT_FALSE(ParseAttempt("[]"));
}

TEST(ParseStatuses, TakesLogUrlElseTargetUrl) {
  auto statuses = ParseStatuses(kStatuses);
  ASSERT_TRUE(statuses) << statuses.error().message;
  ASSERT_EQ(statuses->size(), 3u);
  EXPECT_EQ((*statuses)[1].state, "queued");
  EXPECT_EQ((*statuses)[1].log_url, "https://github.com/yomu/api/actions/runs/101/job/9002");
  EXPECT_TRUE(LinksRun((*statuses)[2], 101));
  EXPECT_FALSE(LinksRun((*statuses)[2], 10));  // not a prefix match: run 10 is another run
}

TEST(LinksRun, GitHubEnterpriseServerUrls) {
  DeploymentStatus status{"waiting", "", "https://ghe.example.com/yomu/api/actions/runs/101/job/7"};
  EXPECT_TRUE(LinksRun(status, 101));
}

TEST(DecideAttempt, HeldAndReleasedInThisAttemptIsApproved) {
  auto decision = DecideAttempt(Evidence({Held(5, "2026-11-20T10:00:01Z")}, {Approval("bea")}),
                                "production", {"carl"});
  EXPECT_TRUE(decision.approved) << decision.reason;
  EXPECT_EQ(decision.approver, "bea");
  EXPECT_EQ(decision.deployment_id, 5);
}

TEST(DecideAttempt, EnvironmentNamesCompareCaseInsensitively) {
  auto decision = DecideAttempt(
      Evidence({Held(5, "2026-11-20T10:00:01Z", 101, "Production")}, {Approval("bea", "PRODUCTION")}),
      "production", {});
  EXPECT_TRUE(decision.approved) << decision.reason;
}

TEST(DecideAttempt, AnApprovalOfAnEarlierAttemptDoesNotCoverARerunThatWasNeverHeld) {
  // Attempt 1 (09:00) was held and approved by bea; attempt 2's deployment went straight to
  // queued (the reviewers were removed in between): nobody approved attempt 2.
  Deployment rerun{6, "production", "2026-11-20T10:00:01Z",
                   {Status("in_progress", 101), Status("queued", 101)}};
  auto decision = DecideAttempt(
      Evidence({rerun, Held(5, "2026-11-20T09:00:01Z")}, {Approval("bea")}), "production", {});
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("was never held for review"), std::string::npos) << decision.reason;
}

TEST(DecideAttempt, NoDeploymentInThisAttemptIsRefused) {
  // Only attempt 1's deployment exists (before this attempt started): the job that runs this
  // has no `environment:`.
  auto decision = DecideAttempt(Evidence({Held(5, "2026-11-20T09:00:01Z")}, {Approval("bea")}),
                                "production", {});
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("no deployment to environment \"production\" by attempt 2"),
            std::string::npos)
      << decision.reason;
}

TEST(DecideAttempt, AnotherRunsDeploymentOfTheSameCommitDoesNotCount) {
  auto decision = DecideAttempt(
      Evidence({Held(5, "2026-11-20T10:00:01Z", 202)}, {Approval("bea")}), "production", {});
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("no deployment"), std::string::npos) << decision.reason;
}

TEST(DecideAttempt, SelfApprovalOfAReRunIsRefusedEvenBesideAnEarlierApproval) {
  // Attempt 1 held and approved by bea; carl re-ran it (attempt 2) and approved it himself.
  auto decision = DecideAttempt(Evidence({Held(6, "2026-11-20T10:00:01Z"),
                                          Held(5, "2026-11-20T09:00:01Z")},
                                         {Approval("bea"), Approval("carl")}),
                                "production", {"ana", "carl"});
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("does not say which approval released attempt 2"),
            std::string::npos)
      << decision.reason;
}

TEST(DecideAttempt, ApprovedOnlyByTheTriggeringActorIsRefused) {
  auto decision = DecideAttempt(Evidence({Held(6, "2026-11-20T10:00:01Z")}, {Approval("carl")}),
                                "production", {"ana", "carl"});
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("approved only by carl, who started attempt 2"),
            std::string::npos)
      << decision.reason;
}

TEST(DecideAttempt, EveryCandidateIsNamedWhenReRunsWereApprovedByDifferentReviewers) {
  auto decision = DecideAttempt(Evidence({Held(6, "2026-11-20T10:00:01Z"),
                                          Held(5, "2026-11-20T09:00:01Z")},
                                         {Approval("bea"), Approval("dora")}),
                                "production", {"carl"});
  EXPECT_TRUE(decision.approved) << decision.reason;
  EXPECT_EQ(decision.approver, "bea or dora");
  EXPECT_NE(decision.evidence.find("held 2 times"), std::string::npos) << decision.evidence;
}

TEST(DecideAttempt, ApprovalOfAnotherEnvironmentOnlyIsRefused) {
  auto decision = DecideAttempt(
      Evidence({Held(6, "2026-11-20T10:00:01Z")}, {Approval("bea", "staging")}), "production", {});
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("(only for \"staging\")"), std::string::npos) << decision.reason;
}

}  // namespace
}  // namespace km::github
