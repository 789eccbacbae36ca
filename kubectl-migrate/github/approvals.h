#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "github/attempt_evidence.h"
#include "github/rest_client.h"
#include "github/reviews.h"
#include "util/result.h"

namespace km::github {

// The whole review history of a workflow run, every page of
// GET /repos/{repo}/actions/runs/{run_id}/approvals (Link rel="next"). A next
// link outside the client's base URL is refused, so the token goes nowhere else.
Result<std::vector<Review>> FetchReviews(const RestClient& client, const std::string& repo,
                                         int64_t run_id);

// What ties an approval to one attempt: the attempt (GET …/runs/{id}/attempts/{n}: its start,
// head_sha and triggering actor), the deployments of that commit and of `job_sha` (github.sha,
// when it differs: a pull request's merge commit) (GET …/deployments?sha=) with the statuses of
// those of `environment` (GET …/deployments/{id}/statuses), and the review history. Needs
// `actions: read` and `deployments: read`.
Result<AttemptEvidence> FetchAttemptEvidence(const RestClient& client, const std::string& repo,
                                             int64_t run_id, int64_t attempt_number,
                                             const std::string& environment,
                                             const std::string& job_sha);

// "owner/name" with both parts non-empty and no other slash.
bool IsRepoName(const std::string& repo);

}  // namespace km::github
