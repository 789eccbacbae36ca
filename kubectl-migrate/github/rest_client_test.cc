#include "github/rest_client.h"

#include <gtest/gtest.h>

namespace km::github {
namespace {

RestResponse Response(int status, std::string body, std::string remaining = "",
                      std::string reset = "") {
  RestResponse response;
  response.status = status;
  response.body = std::move(body);
  response.ratelimit_remaining = std::move(remaining);
  response.ratelimit_reset = std::move(reset);
  return response;
}

TEST(NextLink, FindsTheNextPageAmongOtherRelations) {
  EXPECT_EQ(NextLink("<https://api.github.com/repositories/1/actions/runs/5/approvals?page=1>; "
                     "rel=\"prev\", <https://api.github.com/repositories/1/actions/runs/5/"
                     "approvals?page=3>; rel=\"next\", <https://api.github.com/x?page=9>; "
                     "rel=\"last\""),
            "https://api.github.com/repositories/1/actions/runs/5/approvals?page=3");
}

TEST(NextLink, IsEmptyOnTheLastPageOrWithoutHeader) {
  EXPECT_EQ(NextLink("<https://api.github.com/x?page=1>; rel=\"first\", "
                     "<https://api.github.com/x?page=2>; rel=\"prev\""),
            "");
  EXPECT_EQ(NextLink(""), "");
}

TEST(ResponseError, BadCredentialsSaysWhichTokenAndWhatToPass) {
  RestResponse response = Response(
      401,
      R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"})");
  Error error = ResponseError(response, "GitHub API GET /repos/a/b/actions/runs/1/approvals");
  EXPECT_EQ(error.code, ExitCode::kApiError);
  EXPECT_EQ(error.message.find("GitHub API GET /repos/a/b/actions/runs/1/approvals: HTTP 401 "
                               "\"Bad credentials\": the token in GITHUB_TOKEN was refused"),
            0u)
      << error.message;
}

TEST(ResponseError, ExhaustedRateLimitSaysWhenItResets) {
  RestResponse response = Response(
      403, R"({"message":"API rate limit exceeded for installation ID 1."})", "0", "1700000000");
  Error error = ResponseError(response, "GET x");
  EXPECT_NE(error.message.find("API rate limit reached; it resets at 22:13:20 UTC"),
            std::string::npos)
      << error.message;
}

TEST(ResponseError, ForbiddenWithQuotaLeftAsksForActionsRead) {
  RestResponse response =
      Response(403, R"({"message":"Resource not accessible by integration"})", "4999");
  EXPECT_NE(ResponseError(response, "GET x").message.find("permissions: actions: read"),
            std::string::npos);
}

}  // namespace
}  // namespace km::github
