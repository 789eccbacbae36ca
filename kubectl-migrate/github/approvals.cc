#include "github/approvals.h"

namespace km::github {
namespace {

constexpr int kMaxPages = 100;

}  // namespace

bool IsRepoName(const std::string& repo) {
  size_t slash = repo.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < repo.size() &&
         repo.find('/', slash + 1) == std::string::npos &&
         repo.find_first_of(" ?#%") == std::string::npos;
}

Result<std::vector<Review>> FetchReviews(const RestClient& client, const std::string& repo,
                                         int64_t run_id) {
  std::string path = "/repos/" + repo + "/actions/runs/" + std::to_string(run_id) + "/approvals";
  std::string url = client.base_url() + path + "?per_page=100";
  std::vector<Review> reviews;
  for (int page = 1; !url.empty(); ++page) {
    if (page > kMaxPages) {
      return MakeError(ExitCode::kApiError, "GitHub API GET " + path + ": more than " +
                                                std::to_string(kMaxPages) + " pages of reviews");
    }
    if (!url.starts_with(client.base_url() + "/")) {
      return MakeError(ExitCode::kApiError, "GitHub API GET " + path + ": next page " + url +
                                                " is outside " + client.base_url() +
                                                "; not following it with the token");
    }
    KM_TRY_ASSIGN(RestResponse response, client.Get(url));
    if (response.status < 200 || response.status > 299) {
      return ResponseError(response, "GitHub API GET " + path);
    }
    auto page_reviews = ParseReviews(response.body);
    if (!page_reviews) return page_reviews.error().Wrap("GitHub API GET " + path);
    for (Review& review : *page_reviews) reviews.push_back(std::move(review));
    url = NextLink(response.link);
  }
  return reviews;
}

}  // namespace km::github
