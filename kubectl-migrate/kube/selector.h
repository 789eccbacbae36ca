#pragma once

#include <string>

#include "kube/json.h"

namespace km::kube {

// A metav1.LabelSelector object as the labelSelector query string the API takes:
// matchLabels as "k=v", matchExpressions as "k in (a,b)", "k notin (a)", "k", "!k".
// Errors on an unknown operator.
Result<std::string> LabelSelectorString(const JsonValue& selector);

}  // namespace km::kube
