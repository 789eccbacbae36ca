#include "github/reviews.h"

#include <rapidjson/document.h>

#include <algorithm>

#include "util/json_depth.h"

namespace km::github {
namespace {

std::string StringMember(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsString()) return "";
  return {member->value.GetString(), member->value.GetStringLength()};
}

std::string Quoted(const std::string& comment) {
  return comment.empty() ? "" : " (\"" + comment + "\")";
}

bool Reviews(const Review& review, const std::string& environment) {
  return std::find(review.environments.begin(), review.environments.end(), environment) !=
         review.environments.end();
}

}  // namespace

Result<std::vector<Review>> ParseReviews(std::string_view body) {
  rapidjson::Document doc;
  bool too_deep = JsonNestedTooDeep(body);
  if (!too_deep) doc.Parse(body.data(), body.size());
  if (too_deep || doc.HasParseError() || !doc.IsArray()) {
    return MakeError(ExitCode::kApiError,
                     "review history is not a JSON array: " +
                         std::string(body.substr(0, std::min<size_t>(body.size(), 80))));
  }
  std::vector<Review> reviews;
  for (const rapidjson::Value& entry : doc.GetArray()) {
    Review review;
    review.state = StringMember(entry, "state");
    review.comment = StringMember(entry, "comment");
    if (entry.IsObject() && entry.HasMember("user")) {
      review.login = StringMember(entry["user"], "login");
    }
    if (entry.IsObject() && entry.HasMember("environments") && entry["environments"].IsArray()) {
      for (const rapidjson::Value& environment : entry["environments"].GetArray()) {
        review.environments.push_back(StringMember(environment, "name"));
      }
    }
    reviews.push_back(std::move(review));
  }
  return reviews;
}

ApprovalDecision Decide(const std::vector<Review>& reviews, const std::string& environment,
                        const std::string& other_than) {
  const Review* own_approval = nullptr;
  const Review* rejection = nullptr;
  std::vector<std::string> other_environments;
  for (const Review& review : reviews) {
    if (!Reviews(review, environment)) {
      for (const std::string& name : review.environments) other_environments.push_back(name);
      continue;
    }
    if (review.state == "rejected") {
      rejection = &review;
    } else if (review.state == "approved") {
      if (!other_than.empty() && review.login == other_than) {
        own_approval = &review;
        continue;
      }
      return {true, review.login, review.comment, ""};
    }
  }
  ApprovalDecision refused;
  if (rejection != nullptr) {
    refused.reason = "deployment to environment \"" + environment + "\" was rejected by " +
                     rejection->login + Quoted(rejection->comment);
  } else if (own_approval != nullptr) {
    refused.reason = "environment \"" + environment + "\" was approved only by " + other_than +
                     ", who started the run: another reviewer must approve (turn on \"Prevent "
                     "self-review\" in the environment's protection rules)";
  } else {
    refused.reason = "no approval for environment \"" + environment + "\"";
    if (!other_environments.empty()) {
      refused.reason += " (only for \"" + other_environments.front() + "\")";
    }
    refused.reason += ": add required reviewers to the environment (Settings > Environments > " +
                      environment + " > Required reviewers) and set `environment: " + environment +
                      "` on the job that migrates";
  }
  return refused;
}

}  // namespace km::github
