#include "kube/selector.h"

namespace km::kube {

Result<std::string> LabelSelectorString(const JsonValue& selector) {
  std::string out;
  auto add = [&out](const std::string& term) { out += (out.empty() ? "" : ",") + term; };
  const JsonValue* labels = Find(selector, {"matchLabels"});
  if (labels != nullptr && labels->IsObject()) {
    for (const auto& member : labels->GetObject()) {
      if (!member.value.IsString()) continue;
      add(std::string(member.name.GetString()) + "=" + member.value.GetString());
    }
  }
  const JsonValue* expressions = Find(selector, {"matchExpressions"});
  if (expressions != nullptr && expressions->IsArray()) {
    for (const JsonValue& expression : expressions->GetArray()) {
      std::string key = StringAt(expression, {"key"});
      std::string op = StringAt(expression, {"operator"});
      std::string values;
      const JsonValue* list = Find(expression, {"values"});
      if (list != nullptr && list->IsArray()) {
        for (const JsonValue& value : list->GetArray()) {
          if (value.IsString())
            values += (values.empty() ? "" : ",") + std::string(value.GetString());
        }
      }
      if (op == "In") {
        add(key + " in (" + values + ")");
      } else if (op == "NotIn") {
        add(key + " notin (" + values + ")");
      } else if (op == "Exists") {
        add(key);
      } else if (op == "DoesNotExist") {
        add("!" + key);
      } else {
        return MakeError(ExitCode::kApiError, "label selector: unknown operator \"" + op + "\"");
      }
    }
  }
  return out;
}

}  // namespace km::kube
