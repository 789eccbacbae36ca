#pragma once

// Questions about expressions in the parse tree (defaults, CHECKs).

#include <string>

#include "lint/node.h"

namespace km::lint {

// The first function a default expression calls that is volatile (or not
// known to be stable/immutable), e.g. "gen_random_uuid()"; "" when the
// expression is computed once for the whole ALTER (constants, now(), ...).
std::string VolatileCall(const Node* expression);

// The column of `CHECK (col IS NOT NULL)`, or "" for any other expression.
std::string NotNullCheckColumn(const Node* expression);

}  // namespace km::lint
