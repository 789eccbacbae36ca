#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "github/reviews.h"
#include "util/result.h"

namespace km::github {

// One attempt of a workflow run: GET /repos/{repo}/actions/runs/{run_id}/attempts/{n}.
struct Attempt {
  int64_t number = 0;            // run_attempt
  std::string started_at;        // run_started_at (ISO 8601, UTC, "Z")
  std::string triggering_actor;  // triggering_actor.login: who started this attempt
  std::string actor;             // actor.login: who started the run (attempt 1)
  std::string head_sha;
};
Result<Attempt> ParseAttempt(std::string_view body);

// A deployment status: GET /repos/{repo}/deployments/{id}/statuses. GitHub Actions writes
// `waiting` while a job waits for its environment's reviewers, then `queued`, `in_progress`,
// and the outcome; log_url and target_url link the job (…/actions/runs/{run_id}/job/{job_id}).
struct DeploymentStatus {
  std::string state;
  std::string created_at;
  std::string log_url;  // log_url, else target_url
};
Result<std::vector<DeploymentStatus>> ParseStatuses(std::string_view body);

// A deployment: GET /repos/{repo}/deployments?sha=… (one per job with `environment:`, per
// attempt).
struct Deployment {
  int64_t id = 0;
  std::string environment;
  std::string created_at;
  std::vector<DeploymentStatus> statuses;  // filled in separately
};
Result<std::vector<Deployment>> ParseDeployments(std::string_view body);

// Whether a status links a job of run `run_id` (github.com and GHES URLs alike).
bool LinksRun(const DeploymentStatus& status, int64_t run_id);

// Everything the decision uses, read from the API.
struct AttemptEvidence {
  int64_t run_id = 0;
  Attempt attempt;
  std::vector<Deployment> deployments;  // of the attempt's head_sha, with their statuses
  std::vector<Review> reviews;          // the run's whole review history (every attempt)
};

// Approved when this attempt's own deployment of `environment` (created after the attempt
// started, its statuses linking this run) was held for review (`waiting`) and released, and
// the review history approved `environment`. The history has no attempt and no time, so when
// the run was held more than once (re-runs) any of its approvals may be the one that released
// this attempt: with `other_than` (the attempt's triggering actor), an approval by them
// anywhere in the run refuses (fails closed), and the approver is every candidate.
ApprovalDecision DecideAttempt(const AttemptEvidence& evidence, const std::string& environment,
                               const std::vector<std::string>& other_than);

}  // namespace km::github
