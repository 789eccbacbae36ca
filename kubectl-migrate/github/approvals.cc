#include "github/approvals.h"

namespace km::github {
namespace {

constexpr int kMaxPages = 100;
// Deployments of one commit whose statuses are read (re-runs and other environments included).
constexpr size_t kMaxDeployments = 50;

// Every page of a JSON array at `path` (Link rel="next"), each parsed by `parse`.
template <typename T>
Result<std::vector<T>> FetchAll(const RestClient& client, const std::string& path,
                                const std::string& query,
                                Result<std::vector<T>> (*parse)(std::string_view),
                                const std::string& permission) {
  std::string url = client.base_url() + path + "?" + (query.empty() ? "" : query + "&") +
                    "per_page=100";
  std::vector<T> all;
  for (int page = 1; !url.empty(); ++page) {
    if (page > kMaxPages) {
      return MakeError(ExitCode::kApiError, "GitHub API GET " + path + ": more than " +
                                                std::to_string(kMaxPages) + " pages");
    }
    if (!url.starts_with(client.base_url() + "/")) {
      return MakeError(ExitCode::kApiError, "GitHub API GET " + path + ": next page " + url +
                                                " is outside " + client.base_url() +
                                                "; not following it with the token");
    }
    KM_TRY_ASSIGN(RestResponse response, client.Get(url));
    if (response.status < 200 || response.status > 299) {
      return ResponseError(response, "GitHub API GET " + path, permission);
    }
    auto items = parse(response.body);
    if (!items) return items.error().Wrap("GitHub API GET " + path);
    for (T& item : *items) all.push_back(std::move(item));
    url = NextLink(response.link);
  }
  return all;
}

}  // namespace

bool IsRepoName(const std::string& repo) {
  size_t slash = repo.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < repo.size() &&
         repo.find('/', slash + 1) == std::string::npos &&
         repo.find_first_of(" ?#%") == std::string::npos;
}

Result<std::vector<Review>> FetchReviews(const RestClient& client, const std::string& repo,
                                         int64_t run_id) {
  return FetchAll<Review>(client,
                          "/repos/" + repo + "/actions/runs/" + std::to_string(run_id) +
                              "/approvals",
                          "", ParseReviews, "actions: read");
}

Result<AttemptEvidence> FetchAttemptEvidence(const RestClient& client, const std::string& repo,
                                             int64_t run_id, int64_t attempt_number,
                                             const std::string& environment,
                                             const std::string& job_sha) {
  AttemptEvidence evidence;
  evidence.run_id = run_id;
  std::string path = "/repos/" + repo + "/actions/runs/" + std::to_string(run_id) +
                     "/attempts/" + std::to_string(attempt_number);
  KM_TRY_ASSIGN(RestResponse response, client.Get(client.base_url() + path));
  if (response.status < 200 || response.status > 299) {
    return ResponseError(response, "GitHub API GET " + path, "actions: read");
  }
  auto attempt = ParseAttempt(response.body);
  if (!attempt) return attempt.error().Wrap("GitHub API GET " + path);
  evidence.attempt = std::move(*attempt);

  // The deployment's sha is github.sha: the run's head_sha on a push, the merge commit on a
  // pull request; both are read when they differ.
  std::vector<std::string> shas = {evidence.attempt.head_sha};
  if (!job_sha.empty() && job_sha != evidence.attempt.head_sha) shas.push_back(job_sha);
  for (const std::string& sha : shas) {
    KM_TRY_ASSIGN(std::vector<Deployment> deployments,
                  FetchAll<Deployment>(client, "/repos/" + repo + "/deployments", "sha=" + sha,
                                       ParseDeployments, "deployments: read"));
    for (Deployment& deployment : deployments) evidence.deployments.push_back(std::move(deployment));
  }
  size_t read = 0;
  for (Deployment& deployment : evidence.deployments) {
    if (!SameEnvironment(deployment.environment, environment)) continue;
    if (++read > kMaxDeployments) break;
    KM_TRY_ASSIGN(deployment.statuses,
                  FetchAll<DeploymentStatus>(
                      client, "/repos/" + repo + "/deployments/" + std::to_string(deployment.id) +
                                  "/statuses",
                      "", ParseStatuses, "deployments: read"));
  }
  KM_TRY_ASSIGN(evidence.reviews, FetchReviews(client, repo, run_id));
  return evidence;
}

}  // namespace km::github
