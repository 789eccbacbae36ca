#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace km::github {

// One entry of a workflow run's deployment review history
// (GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals).
struct Review {
  std::string state;  // "approved" or "rejected"
  std::string login;  // the reviewer
  std::string comment;
  std::vector<std::string> environments;  // names of the environments reviewed
};

// Parses one page of the review history: a JSON array of
// {environments:[{name,...}], state, user:{login,...}, comment}.
Result<std::vector<Review>> ParseReviews(std::string_view body);

// GitHub compares environment names case-insensitively ("Production" is "production").
bool SameEnvironment(std::string_view a, std::string_view b);

// Whether the review covers the environment (case-insensitively).
bool Reviews(const Review& review, const std::string& environment);

// Whether a run may deploy to an environment, and why.
struct ApprovalDecision {
  bool approved = false;
  std::string approver;  // login of the approving reviewer ("" when refused)
  std::string comment;   // that reviewer's comment
  std::string reason;    // one line: why it was refused ("" when approved)
  std::string evidence;  // one line: what proves it (attempt, deployment, review)
  int64_t deployment_id = 0;  // the attempt's deployment of the environment (0: unknown)
};

// Approved when some review of `environment` approved it, by someone other than
// `other_than` when that is not empty. A rejection alone, an approval of another
// environment only, or only the actor's own approval is refused, and `reason` says
// what to configure or who rejected it.
ApprovalDecision Decide(const std::vector<Review>& reviews, const std::string& environment,
                        const std::string& other_than);

}  // namespace km::github
