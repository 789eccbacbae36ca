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

std::string FirstVolatile(const Node& node) {
  if (node.IsArray()) {
    for (const Node& item : node.GetArray()) {
      std::string found = FirstVolatile(item);
      if (!found.empty()) return found;
    }
    return "";
  }
  if (!node.IsObject()) return "";
  if (const Node* call = Member(&node, "FuncCall")) {
    std::vector<std::string> names = Names(Member(call, "funcname"));
    std::string name = names.empty() ? "" : names.back();
    if (!IsNonVolatile(name)) return name + "()";
  }
  for (const auto& member : node.GetObject()) {
    std::string found = FirstVolatile(member.value);
    if (!found.empty()) return found;
  }
  return "";
}

std::string FirstConstant(const Node& node, const std::map<std::string, std::string>& values) {
  if (node.IsArray()) {
    for (const Node& item : node.GetArray()) {
      std::string found = FirstConstant(item, values);
      if (!found.empty()) return found;
    }
    return "";
  }
  if (!node.IsObject()) return "";
  if (const Node* constant = Member(&node, "A_Const")) {
    std::string text = StringOf(Member(constant, "sval"), "sval");
    if (values.contains(text)) return text;
  }
  for (const auto& member : node.GetObject()) {
    std::string found = FirstConstant(member.value, values);
    if (!found.empty()) return found;
  }
  return "";
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
