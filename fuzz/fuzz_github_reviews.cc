// A page of a run's deployment review history from the GitHub API, and the
// approval decision taken from it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "github/reviews.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto reviews = km::github::ParseReviews(body);
  if (!reviews) return 0;
  auto decision = km::github::Decide(*reviews, "production", "octocat");
  km::fuzz::Check(decision.approved == decision.reason.empty(),
                  "a decision must give a reason exactly when it refuses");
  if (decision.approved) {
    km::fuzz::Check(decision.approver != "octocat", "the actor approved their own run");
  }
  return 0;
}
