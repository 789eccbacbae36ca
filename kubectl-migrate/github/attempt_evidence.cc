#include "github/attempt_evidence.h"

#include <rapidjson/document.h>

#include <algorithm>

#include "github/json_fields.h"
#include "util/json_depth.h"
#include "util/strings.h"

namespace km::github {
namespace {

Result<rapidjson::Document> ParseJson(std::string_view body, bool array, const char* what) {
  rapidjson::Document doc;
  bool too_deep = JsonNestedTooDeep(body);
  if (!too_deep) doc.Parse(body.data(), body.size());
  if (too_deep || doc.HasParseError() || (array ? !doc.IsArray() : !doc.IsObject())) {
    return MakeError(ExitCode::kApiError,
                     std::string(what) + " is not a JSON " + (array ? "array" : "object") + ": " +
                         std::string(body.substr(0, std::min<size_t>(body.size(), 80))));
  }
  return doc;
}

bool Contains(const std::vector<std::string>& logins, const std::string& login) {
  return std::find(logins.begin(), logins.end(), login) != logins.end();
}

bool HasState(const Deployment& deployment, const char* state) {
  return std::any_of(deployment.statuses.begin(), deployment.statuses.end(),
                     [&](const DeploymentStatus& s) { return s.state == state; });
}

bool OfRun(const Deployment& deployment, int64_t run_id) {
  return std::any_of(deployment.statuses.begin(), deployment.statuses.end(),
                     [&](const DeploymentStatus& s) { return LinksRun(s, run_id); });
}

}  // namespace

Result<Attempt> ParseAttempt(std::string_view body) {
  KM_TRY_ASSIGN(rapidjson::Document doc, ParseJson(body, false, "workflow run attempt"));
  Attempt attempt;
  attempt.number = IntMember(doc, "run_attempt");
  attempt.started_at = StringMember(doc, "run_started_at");
  attempt.triggering_actor = LoginOf(doc, "triggering_actor");
  attempt.actor = LoginOf(doc, "actor");
  attempt.head_sha = StringMember(doc, "head_sha");
  if (attempt.number <= 0 || attempt.started_at.empty() || attempt.head_sha.empty()) {
    return MakeError(ExitCode::kApiError,
                     "workflow run attempt lacks run_attempt, run_started_at or head_sha");
  }
  return attempt;
}

Result<std::vector<DeploymentStatus>> ParseStatuses(std::string_view body) {
  KM_TRY_ASSIGN(rapidjson::Document doc, ParseJson(body, true, "deployment statuses"));
  std::vector<DeploymentStatus> statuses;
  for (const rapidjson::Value& entry : doc.GetArray()) {
    DeploymentStatus status{StringMember(entry, "state"), StringMember(entry, "created_at"),
                            StringMember(entry, "log_url")};
    if (status.log_url.empty()) status.log_url = StringMember(entry, "target_url");
    statuses.push_back(std::move(status));
  }
  return statuses;
}

Result<std::vector<Deployment>> ParseDeployments(std::string_view body) {
  KM_TRY_ASSIGN(rapidjson::Document doc, ParseJson(body, true, "deployments"));
  std::vector<Deployment> deployments;
  for (const rapidjson::Value& entry : doc.GetArray()) {
    deployments.push_back(Deployment{IntMember(entry, "id"), StringMember(entry, "environment"),
                                     StringMember(entry, "created_at"), {}});
  }
  return deployments;
}

bool LinksRun(const DeploymentStatus& status, int64_t run_id) {
  std::string run = "/actions/runs/" + std::to_string(run_id);
  size_t at = status.log_url.find(run);
  if (at == std::string::npos) return false;
  size_t end = at + run.size();
  return end == status.log_url.size() || status.log_url[end] == '/';
}

ApprovalDecision DecideAttempt(const AttemptEvidence& evidence, const std::string& environment,
                               const std::vector<std::string>& other_than) {
  const Attempt& attempt = evidence.attempt;
  std::string which = "attempt " + std::to_string(attempt.number) + " of run " +
                      std::to_string(evidence.run_id) + " (started " + attempt.started_at + ")";
  ApprovalDecision refused;

  // The run's deployments of the environment, oldest first; the ones this attempt made.
  std::vector<const Deployment*> held;
  const Deployment* own = nullptr;
  std::vector<const Deployment*> run_deployments;
  for (const Deployment& deployment : evidence.deployments) {
    if (!SameEnvironment(deployment.environment, environment)) continue;
    if (!OfRun(deployment, evidence.run_id)) continue;
    run_deployments.push_back(&deployment);
  }
  std::sort(run_deployments.begin(), run_deployments.end(),
            [](const Deployment* a, const Deployment* b) { return a->created_at < b->created_at; });
  for (const Deployment* deployment : run_deployments) {
    if (HasState(*deployment, "waiting")) held.push_back(deployment);
    // The first one created after the attempt started (later attempts deploy later still).
    // ISO 8601 UTC timestamps in GitHub's one format compare as text.
    if (own == nullptr && deployment->created_at >= attempt.started_at) own = deployment;
  }
  if (own == nullptr) {
    refused.reason = "no deployment to environment \"" + environment + "\" by " + which +
                     ": set `environment: " + environment +
                     "` on the job that migrates (and give the job `permissions: deployments: "
                     "read`)";
    return refused;
  }
  if (!HasState(*own, "waiting")) {
    refused.reason = "deployment " + std::to_string(own->id) + " of " + which +
                     " was never held for review: environment \"" + environment +
                     "\" has no required reviewers (Settings > Environments > " + environment +
                     " > Required reviewers)";
    refused.deployment_id = own->id;
    return refused;
  }

  // Who released it: the history's approvals of the environment (no attempt, no time).
  std::vector<const Review*> approvals;
  for (const Review& review : evidence.reviews) {
    if (review.state == "approved" && Reviews(review, environment)) approvals.push_back(&review);
  }
  if (approvals.empty()) {
    ApprovalDecision decision = Decide(evidence.reviews, environment, "");
    decision.deployment_id = own->id;
    return decision;
  }
  std::vector<std::string> candidates;
  for (const Review* review : approvals) {
    if (!Contains(candidates, review->login)) candidates.push_back(review->login);
  }
  std::vector<std::string> own_approvals;
  for (const std::string& login : candidates) {
    if (Contains(other_than, login)) own_approvals.push_back(login);
  }
  std::string held_text = held.size() == 1 ? "held once"
                                           : "held " + std::to_string(held.size()) + " times";
  if (!own_approvals.empty()) {
    refused.deployment_id = own->id;
    if (candidates.size() == own_approvals.size()) {
      refused.reason = "environment \"" + environment + "\" was approved only by " +
                       Join(own_approvals) + ", who started " + which +
                       ": another reviewer must approve (turn on \"Prevent self-review\" in the "
                       "environment's protection rules)";
    } else {
      refused.reason = "the run was " + held_text + " for \"" + environment +
                       "\" and approved by " + Join(candidates) +
                       "; GitHub's review history does not say which approval released " + which +
                       ", and " + Join(own_approvals) +
                       " started it: another reviewer must approve this attempt alone (re-run "
                       "it from a new push, or turn on \"Prevent self-review\")";
    }
    return refused;
  }
  ApprovalDecision decision;
  decision.approved = true;
  decision.deployment_id = own->id;
  decision.approver = Join(candidates, " or ");
  if (candidates.size() == 1) decision.comment = approvals.back()->comment;
  decision.evidence = "deployment " + std::to_string(own->id) + " of " + which +
                      " was held for review and released; the run was " + held_text +
                      " and approved by " + Join(candidates);
  return decision;
}

}  // namespace km::github
