#include "github/reviews.h"

#include <gtest/gtest.h>

namespace km::github {
namespace {

// Shaped like GitHub's documented response of GET .../actions/runs/{run_id}/approvals.
constexpr const char* kHistory = R"([
  {"state":"rejected","comment":"not on a Friday",
   "environments":[{"id":161088068,"node_id":"MDExOkVudmlyb25tZW50MTYxMDg4MDY4","name":"production",
                    "url":"https://api.github.com/repos/yomu/api/environments/production",
                    "html_url":"https://github.com/yomu/api/deployments/activity_log?environments_filter=production",
                    "created_at":"2020-11-23T22:00:40Z","updated_at":"2020-11-23T22:00:40Z"}],
   "user":{"login":"bea","id":2,"type":"User","site_admin":false}},
  {"state":"approved","comment":"Ship it!",
   "environments":[{"id":161088069,"name":"staging"},{"id":161088068,"name":"production"}],
   "user":{"login":"carl","id":3,"type":"User","site_admin":false}}
])";

Review MakeReview(std::string state, std::string login, std::vector<std::string> environments) {
  return Review{std::move(state), std::move(login), "", std::move(environments)};
}

TEST(ParseReviews, ReadsStateReviewerCommentAndEnvironmentNames) {
  auto reviews = ParseReviews(kHistory);
  ASSERT_TRUE(reviews) << reviews.error().message;
  ASSERT_EQ(reviews->size(), 2u);
  EXPECT_EQ((*reviews)[0].state, "rejected");
  EXPECT_EQ((*reviews)[0].login, "bea");
  EXPECT_EQ((*reviews)[0].comment, "not on a Friday");
  EXPECT_EQ((*reviews)[1].environments, (std::vector<std::string>{"staging", "production"}));
}

TEST(ParseReviews, RejectsABodyThatIsNotAnArray) {
  auto reviews = ParseReviews(R"({"message":"Not Found"})");
  ASSERT_FALSE(reviews);
  EXPECT_EQ(reviews.error().code, ExitCode::kApiError);
}

// From fuzzing (fuzz_github_attempt): an approval whose entry had no user counted as one by
// "" — someone other than the actor — and the run was approved "by" nobody. GitHub always
// names the reviewer, so such a history is an error (fails closed).
TEST(ParseReviews, AnEntryWithoutAReviewerIsAnErrorFromFuzzing) {
  for (const char* body :
       {R"([{"state":"approved","environments":[{"name":"production"}],"user":{"loginK":"carl"}}])",
        R"([{"state":"approved","environments":[{"name":"production"}]}])",
        R"([{"state":"approved","user":{"login":"ana"}},{"state":"rejected","user":null}])"}) {
    auto reviews = ParseReviews(body);
    ASSERT_FALSE(reviews) << body;
    EXPECT_EQ(reviews.error().code, ExitCode::kApiError);
    EXPECT_NE(reviews.error().message.find("has no reviewer (user.login)"), std::string::npos)
        << reviews.error().message;
  }
  EXPECT_NE(ParseReviews(R"([{"state":"approved","user":{"login":"ana"}},{"state":"rejected"}])")
                .error()
                .message.find("entry 2"),
            std::string::npos);
}

TEST(Decide, ApprovalForTheEnvironmentNamesTheApprover) {
  auto decision = Decide(*ParseReviews(kHistory), "production", "");
  EXPECT_TRUE(decision.approved);
  EXPECT_EQ(decision.approver, "carl");
  EXPECT_EQ(decision.comment, "Ship it!");
}

TEST(Decide, ApprovalByTheActorDoesNotCountWhenAnotherReviewerIsRequired) {
  auto decision = Decide({MakeReview("approved", "ana", {"production"})}, "production", "ana");
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("approved only by ana"), std::string::npos) << decision.reason;
  EXPECT_NE(decision.reason.find("Prevent self-review"), std::string::npos);
}

TEST(Decide, AnotherReviewersApprovalCountsBesideTheActorsOwn) {
  auto decision = Decide({MakeReview("approved", "ana", {"production"}),
                          MakeReview("approved", "bea", {"production"})},
                         "production", "ana");
  EXPECT_TRUE(decision.approved);
  EXPECT_EQ(decision.approver, "bea");
}

TEST(Decide, RejectionNamesTheReviewerAndComment) {
  auto decision =
      Decide({Review{"rejected", "bea", "not today", {"production"}}}, "production", "");
  EXPECT_FALSE(decision.approved);
  EXPECT_EQ(decision.reason,
            "deployment to environment \"production\" was rejected by bea (\"not today\")");
}

TEST(Decide, ApprovalOfAnotherEnvironmentOnlyIsRefusedWithWhatToConfigure) {
  auto decision = Decide({MakeReview("approved", "bea", {"staging"})}, "production", "");
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(
      decision.reason.find("no approval for environment \"production\" (only for \"staging\")"),
      std::string::npos)
      << decision.reason;
  EXPECT_NE(decision.reason.find("Required reviewers"), std::string::npos);
}

TEST(Decide, EmptyHistorySaysToAddRequiredReviewers) {
  auto decision = Decide({}, "production", "");
  EXPECT_FALSE(decision.approved);
  EXPECT_NE(decision.reason.find("add required reviewers"), std::string::npos) << decision.reason;
  EXPECT_NE(decision.reason.find("`environment: production`"), std::string::npos);
}

// The same stack overflow through GitHub's response body (see JsonNestedTooDeep).
TEST(ParseReviews, DeeplyNestedJsonIsAnErrorNotACrash) {
  EXPECT_FALSE(ParseReviews(std::string(1 << 20, '[')));
}

}  // namespace
}  // namespace km::github
