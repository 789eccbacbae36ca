#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "github/rest_client.h"
#include "github/reviews.h"
#include "util/result.h"

namespace km::github {

// The whole review history of a workflow run, every page of
// GET /repos/{repo}/actions/runs/{run_id}/approvals (Link rel="next"). A next
// link outside the client's base URL is refused, so the token goes nowhere else.
Result<std::vector<Review>> FetchReviews(const RestClient& client, const std::string& repo,
                                         int64_t run_id);

// "owner/name" with both parts non-empty and no other slash.
bool IsRepoName(const std::string& repo);

}  // namespace km::github
