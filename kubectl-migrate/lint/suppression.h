#pragma once

// `-- kubectl-migrate:lint-ignore RULE reason` comments, read from the
// comments right before a statement (between the previous statement, or the
// statement breakpoint, and the statement's first word).

#include <string>
#include <string_view>
#include <vector>

namespace km::lint {

inline constexpr std::string_view kIgnoreDirective = "-- kubectl-migrate:lint-ignore";

struct Suppression {
  std::string rule;
  std::string reason;  // "" when none was written
};

// The comments and whitespace at the start of `span` end at `first_token`
// (an offset into span; span.size() when it holds only comments).
struct LeadingText {
  size_t first_token = 0;
  std::vector<Suppression> suppressions;
};

// Only comments and whitespace can come before a statement's first token, so
// this reads just those two (no SQL is interpreted here).
LeadingText ReadLeadingText(std::string_view span);

}  // namespace km::lint
