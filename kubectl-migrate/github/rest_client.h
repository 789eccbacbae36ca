#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace km::github {

struct RestResponse {
  int status = 0;
  std::string body;
  std::string link;                 // the Link header ("" when absent)
  std::string ratelimit_remaining;  // X-RateLimit-Remaining
  std::string ratelimit_reset;      // X-RateLimit-Reset (Unix seconds)
};

// A GitHub REST client for one API base URL ($GITHUB_API_URL: https://api.github.com
// or https://HOST/api/v3) with a token sent as `Authorization: Bearer`. The token is
// never part of a message.
class RestClient {
 public:
  RestClient(std::string base_url, std::string token);

  const std::string& base_url() const { return base_url_; }

  // GET of `url` (absolute, under base_url) with GitHub's JSON media type and API
  // version 2022-11-28. Only transport failures are errors.
  Result<RestResponse> Get(const std::string& url) const;

 private:
  std::string base_url_;
  std::string token_;
};

// The URL with rel="next" in a Link header, or "".
std::string NextLink(std::string_view link_header);

// One line for a non-2xx response: the status, GitHub's "message", and what to do
// about the usual causes (bad token, missing permission, rate limit, not found).
// `permission` is the job permission the endpoint needs ("actions: read").
Error ResponseError(const RestResponse& response, const std::string& what,
                    const std::string& permission = "actions: read");

}  // namespace km::github
