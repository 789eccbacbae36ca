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
                         size_t reviews) {
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
  w.Uint64(reviews);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

std::vector<FlagSpec> ApprovalFlags() {
  return {
      {"repo", 0, FlagKind::kString, "OWNER/REPO", "Repository (default: $GITHUB_REPOSITORY)", ""},
      {"run-id", 0, FlagKind::kInt, "ID", "Workflow run (default: $GITHUB_RUN_ID)", ""},
      {"environment", 0, FlagKind::kString, "NAME", "Environment that must be approved",
       "production"},
      {"require-other-than", 0, FlagKind::kString, "LOGIN",
       "Only an approval by someone else counts (e.g. $GITHUB_ACTOR, who started the run)", ""},
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
  KM_TRY_ASSIGN(std::vector<github::Review> reviews, github::FetchReviews(client, repo, run_id));
  github::ApprovalDecision decision =
      github::Decide(reviews, environment, flags.String("require-other-than"));
  if (format == "json") {
    io.out << DecisionJson(decision, environment, reviews.size()) << "\n";
  } else if (decision.approved) {
    io.out << "run " << run_id << " approved for " << environment << " by " << decision.approver
           << (decision.comment.empty() ? "" : ": \"" + decision.comment + "\"") << "\n";
  }
  if (!decision.approved) {
    return MakeError(ExitCode::kNotApproved,
                     repo + " run " + std::to_string(run_id) + ": " + decision.reason);
  }
  return Ok();
}

}  // namespace km::cli
