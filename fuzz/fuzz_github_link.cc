// GitHub's Link header (pagination) and error responses built from its bodies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "github/rest_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string next = km::github::NextLink(input);
  km::fuzz::Check(next.size() <= input.size() && input.find(next) != std::string_view::npos,
                  "the next link is not part of the header");

  km::github::RestResponse response;
  response.status = 403;
  response.body = std::string(input);
  response.link = std::string(input);
  response.ratelimit_remaining = "0";
  response.ratelimit_reset = std::string(input.substr(0, 24));
  (void)km::github::ResponseError(response, "reading reviews");
  return 0;
}
