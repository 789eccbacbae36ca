// The evidence for approving one attempt of a workflow run (github/attempt_evidence): the
// attempt, the commit's deployments, their statuses and the run's review history, all JSON
// from GitHub's API (or from whatever answers in its place), and the decision taken on them.
// The input: attempt \0 deployments \0 reviews \0 statuses of deployment 1 \0 of deployment 2 …
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "github/attempt_evidence.h"
#include "github/reviews.h"

namespace gh = km::github;

namespace {

constexpr size_t kMaxDeployments = 4;
constexpr int64_t kRunId = 101;
const std::string kEnvironment = "production";

bool HasState(const gh::Deployment& deployment, const char* state) {
  return std::any_of(deployment.statuses.begin(), deployment.statuses.end(),
                     [&](const gh::DeploymentStatus& s) { return s.state == state; });
}

// What an approval must rest on: a deployment of the environment by this attempt (created
// after it started, a status linking this run) that was held for review.
bool IsHeldDeploymentOfAttempt(const gh::Deployment& deployment, const gh::Attempt& attempt) {
  bool of_run = std::any_of(deployment.statuses.begin(), deployment.statuses.end(),
                            [](const gh::DeploymentStatus& s) { return gh::LinksRun(s, kRunId); });
  return gh::SameEnvironment(deployment.environment, kEnvironment) && of_run &&
         HasState(deployment, "waiting") && deployment.created_at >= attempt.started_at;
}

bool ApprovedBy(const std::vector<gh::Review>& reviews, const std::string& login) {
  return std::any_of(reviews.begin(), reviews.end(), [&](const gh::Review& r) {
    return r.state == "approved" && gh::Reviews(r, kEnvironment) &&
           (login.empty() || r.login == login);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts = km::fuzz::SplitOnNul(input, 3 + kMaxDeployments);
  parts.resize(3 + kMaxDeployments);

  auto attempt = gh::ParseAttempt(parts[0]);
  auto deployments = gh::ParseDeployments(parts[1]);
  auto reviews = gh::ParseReviews(parts[2]);
  for (const auto* error :
       {attempt ? nullptr : &attempt.error(), deployments ? nullptr : &deployments.error(),
        reviews ? nullptr : &reviews.error()}) {
    if (error != nullptr) km::fuzz::Check(!error->message.empty(), "an error without a message");
  }
  if (!attempt || !deployments || !reviews) return 0;

  gh::AttemptEvidence evidence;
  evidence.run_id = kRunId;
  evidence.attempt = *attempt;
  evidence.deployments = std::move(deployments).value();
  evidence.reviews = std::move(reviews).value();
  for (size_t i = 0; i < evidence.deployments.size() && i < kMaxDeployments; ++i) {
    auto statuses = gh::ParseStatuses(parts[3 + i]);
    if (statuses) evidence.deployments[i].statuses = std::move(statuses).value();
  }

  std::vector<std::string> other_than;
  if (!attempt->triggering_actor.empty()) other_than.push_back(attempt->triggering_actor);
  gh::ApprovalDecision decision = gh::DecideAttempt(evidence, kEnvironment, other_than);

  km::fuzz::Check(decision.approved == decision.reason.empty(),
                  "a decision must give a reason exactly when it refuses");
  if (decision.approved) {
    km::fuzz::Check(!decision.approver.empty() && ApprovedBy(evidence.reviews, ""),
                    "approved without an approval of the environment");
    km::fuzz::Check(std::any_of(evidence.deployments.begin(), evidence.deployments.end(),
                                [&](const gh::Deployment& d) {
                                  return d.id == decision.deployment_id &&
                                         IsHeldDeploymentOfAttempt(d, *attempt);
                                }),
                    "approved without a deployment of this attempt held for review");
    km::fuzz::Check(attempt->triggering_actor.empty() ||
                        !ApprovedBy(evidence.reviews, attempt->triggering_actor),
                    "approved while the attempt's own actor approved it");
  }
  return 0;
}
