#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <ostream>

#include "cli/commands.h"
#include "github/approvals.h"

namespace km::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string DecisionJson(const github::ApprovalDecision& decision, const std::string& environment,
                         const github::AttemptEvidence& evidence) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("approved");
  w.Bool(decision.approved);
  w.Key("environment");
  w.String(environment.c_str());
  w.Key("approver");
  w.String(decision.approver.c_str());
  w.Key("comment");
  w.String(decision.comment.c_str());
  w.Key("reason");
  w.String(decision.reason.c_str());
  w.Key("reviews");
  w.Uint64(evidence.reviews.size());
  w.Key("evidence");
  w.String(decision.evidence.c_str());
  w.Key("run_attempt");
  w.Int64(evidence.attempt.number);
  w.Key("attempt_started_at");
  w.String(evidence.attempt.started_at.c_str());
  w.Key("triggering_actor");
  w.String(evidence.attempt.triggering_actor.c_str());
  w.Key("deployment_id");
  w.Int64(decision.deployment_id);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

std::vector<FlagSpec> ApprovalFlags() {
  return {
      {"repo", 0, FlagKind::kString, "OWNER/REPO", "Repository (default: $GITHUB_REPOSITORY)", ""},
      {"run-id", 0, FlagKind::kInt, "ID", "Workflow run (default: $GITHUB_RUN_ID)", ""},
      {"run-attempt", 0, FlagKind::kInt, "N",
       "Attempt of the run that must have been approved (default: $GITHUB_RUN_ATTEMPT)", ""},
      {"sha", 0, FlagKind::kString, "SHA",
       "Commit the job deploys, when not the run's head (default: $GITHUB_SHA; a pull request's "
       "merge commit)",
       ""},
      {"environment", 0, FlagKind::kString, "NAME", "Environment that must be approved",
       "production"},
      {"require-other-than", 0, FlagKind::kString, "LOGIN",
       "Only an approval by someone else counts (the attempt's triggering actor, who re-ran "
       "it, also never counts)",
       ""},
      {"output", 'o', FlagKind::kString, "FORMAT", "text or json", "text"},
  };
}

Status RunApproval(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"text", "json"}));
  std::string repo = flags.Has("repo") ? flags.String("repo") : Env("GITHUB_REPOSITORY");
  if (!github::IsRepoName(repo)) {
    return MakeError(ExitCode::kUsage, "--repo must be OWNER/REPO, not \"" + repo + "\"");
  }
  int64_t run_id =
      flags.Has("run-id") ? flags.Int("run-id") : std::atoll(Env("GITHUB_RUN_ID").c_str());
  if (run_id <= 0) return MakeError(ExitCode::kUsage, "--run-id (or $GITHUB_RUN_ID) is required");
  int64_t attempt = flags.Has("run-attempt") ? flags.Int("run-attempt")
                                              : std::atoll(Env("GITHUB_RUN_ATTEMPT").c_str());
  if (attempt <= 0) {
    return MakeError(ExitCode::kUsage, "--run-attempt (or $GITHUB_RUN_ATTEMPT) is required");
  }
  std::string environment = flags.String("environment");
  if (environment.empty()) return MakeError(ExitCode::kUsage, "--environment must not be empty");
  std::string token = Env("GITHUB_TOKEN");
  if (token.empty()) {
    return MakeError(ExitCode::kUsage,
                     "GITHUB_TOKEN is not set: give the step env GITHUB_TOKEN: ${{ github.token }} "
                     "and the job `permissions: actions: read`");
  }
  std::string api_url = Env("GITHUB_API_URL");
  if (api_url.empty()) api_url = "https://api.github.com";

  github::RestClient client(api_url, token);
  KM_TRY_ASSIGN(github::AttemptEvidence evidence,
                github::FetchAttemptEvidence(
                    client, repo, run_id, attempt, environment,
                    flags.Has("sha") ? flags.String("sha") : Env("GITHUB_SHA")));
  std::vector<std::string> other_than;
  if (std::string login = flags.String("require-other-than"); !login.empty()) {
    other_than.push_back(login);
    if (!evidence.attempt.triggering_actor.empty() &&
        evidence.attempt.triggering_actor != login) {
      other_than.push_back(evidence.attempt.triggering_actor);
    }
  }
  github::ApprovalDecision decision = github::DecideAttempt(evidence, environment, other_than);
  if (format == "json") {
    io.out << DecisionJson(decision, environment, evidence) << "\n";
  } else if (decision.approved) {
    io.out << "run " << run_id << " attempt " << attempt << " approved for " << environment
           << " by " << decision.approver
           << (decision.comment.empty() ? "" : ": \"" + decision.comment + "\"") << "\n";
  }
  if (!decision.approved) {
    return MakeError(ExitCode::kNotApproved,
                     repo + " run " + std::to_string(run_id) + " attempt " +
                         std::to_string(attempt) + ": " + decision.reason);
  }
  return Ok();
}

}  // namespace km::cli
