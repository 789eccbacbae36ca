#include "lint/expressions.h"

#include <array>
#include <string_view>

namespace km::lint {
namespace {

// Functions whose value a default computes once (STABLE or IMMUTABLE in pg_proc):
// PostgreSQL 11+ stores such a default in the catalog without touching rows.
constexpr std::array<std::string_view, 24> kNonVolatile = {
    "now", "statement_timestamp", "transaction_timestamp", "current_date", "current_timestamp",
    "localtimestamp", "lower", "upper", "length", "concat", "to_jsonb", "to_json",
    "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array",
    "make_interval", "make_date", "date_trunc", "array_fill", "timezone", "md5", "abs", "round"};

bool IsNonVolatile(std::string_view name) {
  for (std::string_view known : kNonVolatile) {
    if (known == name) return true;
  }
  return false;
}

// Visits every object under `root`, depth first, without recursion (trees
// are as deep as the SQL is long); stops when `visit` returns a non-empty string.
template <class Visit>
std::string FirstInTree(const Node& root, Visit visit) {
  std::vector<const Node*> pending = {&root};
  while (!pending.empty()) {
    const Node* node = pending.back();
    pending.pop_back();
    if (node->IsArray()) {
      for (auto it = node->End(); it != node->Begin();) pending.push_back(&*--it);
    } else if (node->IsObject()) {
      std::string found = visit(*node);
      if (!found.empty()) return found;
      for (auto it = node->MemberEnd(); it != node->MemberBegin();) pending.push_back(&(--it)->value);
    }
  }
  return "";
}

std::string FirstVolatile(const Node& root) {
  return FirstInTree(root, [](const Node& node) -> std::string {
    const Node* call = Member(&node, "FuncCall");
    if (call == nullptr) return "";
    std::vector<std::string> names = Names(Member(call, "funcname"));
    std::string name = names.empty() ? "" : names.back();
    return IsNonVolatile(name) ? "" : name + "()";
  });
}

std::string FirstConstant(const Node& root, const std::map<std::string, std::string>& values) {
  return FirstInTree(root, [&](const Node& node) -> std::string {
    const Node* constant = Member(&node, "A_Const");
    if (constant == nullptr) return "";
    std::string text = StringOf(Member(constant, "sval"), "sval");
    return values.contains(text) ? text : "";
  });
}

}  // namespace

std::string FirstStringConstantIn(const Node* node,
                                  const std::map<std::string, std::string>& values) {
  return node == nullptr || values.empty() ? "" : FirstConstant(*node, values);
}

std::string VolatileCall(const Node* expression) {
  return expression == nullptr ? "" : FirstVolatile(*expression);
}

std::string NotNullCheckColumn(const Node* expression) {
  const Node* test = Unwrap(expression, "NullTest");
  if (test == nullptr || StringOf(test, "nulltesttype") != "IS_NOT_NULL") return "";
  std::vector<std::string> fields = Names(Member(Unwrap(Member(test, "arg"), "ColumnRef"), "fields"));
  return fields.size() == 1 ? fields[0] : "";
}

}  // namespace km::lint
