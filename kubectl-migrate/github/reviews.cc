#include "github/reviews.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "github/json_fields.h"
#include "util/json_depth.h"

namespace km::github {
namespace {

std::string Quoted(const std::string& comment) {
  return comment.empty() ? "" : " (\"" + comment + "\")";
}

}  // namespace

bool SameEnvironment(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool Reviews(const Review& review, const std::string& environment) {
  return std::any_of(review.environments.begin(), review.environments.end(),
                     [&](const std::string& name) { return SameEnvironment(name, environment); });
}

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
    review.login = LoginOf(entry, "user");
    // GitHub always names the reviewer; an approval by nobody known cannot count as one by
    // someone other than the actor, nor be reported as anyone's.
    if (review.login.empty()) {
      return MakeError(ExitCode::kApiError, "review history entry " +
                                                std::to_string(reviews.size() + 1) +
                                                " has no reviewer (user.login)");
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
      ApprovalDecision approved;
      approved.approved = true;
      approved.approver = review.login;
      approved.comment = review.comment;
      return approved;
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
