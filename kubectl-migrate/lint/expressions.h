#pragma once

// Questions about expressions in the parse tree (defaults, CHECKs).

#include <map>
#include <string>

#include "lint/node.h"

namespace km::lint {

// The first function a default expression calls that is volatile (or not
// known to be stable/immutable), e.g. "gen_random_uuid()"; "" when the
// expression is computed once for the whole ALTER (constants, now(), ...).
std::string VolatileCall(const Node* expression);

// The column of `CHECK (col IS NOT NULL)`, or "" for any other expression.
std::string NotNullCheckColumn(const Node* expression);

// The first string constant in the tree under `node` that is a key of
// `values`, or "".
std::string FirstStringConstantIn(const Node* node, const std::map<std::string, std::string>& values);

}  // namespace km::lint
