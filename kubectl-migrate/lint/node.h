#pragma once

// Reading libpg_query's JSON parse tree: members that may be absent, node
// wrappers ({"String": {"sval": "x"}}), relation and type names.

#include <string>
#include <string_view>
#include <vector>

#include "lint/parser.h"

namespace km::lint {

// The member `name` of an object node, or nullptr.
const Node* Member(const Node* node, std::string_view name);
// The string member, or "" when absent.
std::string StringOf(const Node* node, std::string_view name);
// The boolean member, false when absent (the parser omits false and 0).
bool BoolOf(const Node* node, std::string_view name);
// The integer member, 0 when absent.
int IntOf(const Node* node, std::string_view name);
// The elements of an array member; empty when absent.
std::vector<const Node*> ListOf(const Node* node, std::string_view name);

// For a wrapped node {"Kind": {...}}: the body when the kind matches, else nullptr.
const Node* Unwrap(const Node* node, std::string_view kind);
// The kind of a wrapped node ("FuncCall"), or "".
std::string KindOf(const Node* node);

// The strings of a list of String nodes: ["public", "users"].
std::vector<std::string> Names(const Node* list);

// A table as the linter keys it: "schema.name", unqualified names in "public".
std::string TableKey(std::string_view schema, std::string_view name);
// The key of a RangeVar node.
std::string TableKeyOfRangeVar(const Node* range_var);
// The key of a qualified name list (["s", "t"] or ["t"]).
std::string TableKeyOfNames(const std::vector<std::string>& names);
// "users" for "public.users", else the key itself: how findings name tables.
std::string DisplayTable(const std::string& key);
// DisplayTable in double quotes: "users".
std::string QuotedTable(const std::string& key);

// A column type as the parser resolved it: "varchar", typmods {20}, array.
struct ColumnType {
  std::string name;       // last name part without pg_catalog: int4, varchar, text, timestamptz
  std::vector<int> mods;  // integer typmods: varchar(20) → {20}, numeric(10,2) → {10, 2}
  bool array = false;

  bool known() const { return !name.empty(); }
  std::string Display() const;  // "varchar(20)", "text[]"
};
ColumnType TypeOf(const Node* type_name);

}  // namespace km::lint
