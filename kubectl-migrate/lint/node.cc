#include "lint/node.h"

namespace km::lint {

const Node* Member(const Node* node, std::string_view name) {
  if (node == nullptr || !node->IsObject()) return nullptr;
  auto it = node->FindMember(rapidjson::StringRef(name.data(), name.size()));
  return it == node->MemberEnd() ? nullptr : &it->value;
}

std::string StringOf(const Node* node, std::string_view name) {
  const Node* value = Member(node, name);
  return value != nullptr && value->IsString() ? value->GetString() : "";
}

bool BoolOf(const Node* node, std::string_view name) {
  const Node* value = Member(node, name);
  return value != nullptr && value->IsBool() && value->GetBool();
}

int IntOf(const Node* node, std::string_view name) {
  const Node* value = Member(node, name);
  return value != nullptr && value->IsInt() ? value->GetInt() : 0;
}

std::vector<const Node*> ListOf(const Node* node, std::string_view name) {
  std::vector<const Node*> items;
  const Node* value = Member(node, name);
  if (value == nullptr || !value->IsArray()) return items;
  for (const Node& item : value->GetArray()) items.push_back(&item);
  return items;
}

const Node* Unwrap(const Node* node, std::string_view kind) { return Member(node, kind); }

std::string KindOf(const Node* node) {
  if (node == nullptr || !node->IsObject() || node->MemberCount() != 1) return "";
  return node->MemberBegin()->name.GetString();
}

std::vector<std::string> Names(const Node* list) {
  std::vector<std::string> names;
  if (list == nullptr || !list->IsArray()) return names;
  for (const Node& item : list->GetArray()) names.push_back(StringOf(Unwrap(&item, "String"), "sval"));
  return names;
}

std::string TableKey(std::string_view schema, std::string_view name) {
  return std::string(schema.empty() ? "public" : schema) + "." + std::string(name);
}

std::string TableKeyOfRangeVar(const Node* range_var) {
  return TableKey(StringOf(range_var, "schemaname"), StringOf(range_var, "relname"));
}

std::string TableKeyOfNames(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  // catalog.schema.table: the last two parts matter.
  if (names.size() >= 2) return TableKey(names[names.size() - 2], names.back());
  return TableKey("", names.back());
}

std::string DisplayTable(const std::string& key) {
  constexpr std::string_view kPublic = "public.";
  return key.starts_with(kPublic) ? key.substr(kPublic.size()) : key;
}

std::string QuotedTable(const std::string& key) { return "\"" + DisplayTable(key) + "\""; }

std::string ColumnType::Display() const {
  std::string text = name;
  if (!mods.empty()) {
    text += "(";
    for (size_t i = 0; i < mods.size(); ++i) text += (i ? "," : "") + std::to_string(mods[i]);
    text += ")";
  }
  return array ? text + "[]" : text;
}

ColumnType TypeOf(const Node* type_name) {
  ColumnType type;
  std::vector<std::string> names = Names(Member(type_name, "names"));
  if (names.empty()) return type;
  type.name = names.back();
  for (const Node* mod : ListOf(type_name, "typmods")) {
    // {"A_Const": {"ival": {"ival": 20}}}; ival 0 is printed as {}.
    const Node* ival = Member(Unwrap(mod, "A_Const"), "ival");
    if (ival != nullptr) type.mods.push_back(IntOf(ival, "ival"));
  }
  type.array = Member(type_name, "arrayBounds") != nullptr;
  return type;
}

}  // namespace km::lint
