#include "lint/parser.h"

#include <pg_query.h>

#include <algorithm>

namespace km::lint {
namespace {

// Frees a libpg_query result on every path.
struct ParseResultGuard {
  PgQueryParseResult result;
  ~ParseResultGuard() { pg_query_free_parse_result(result); }
};

}  // namespace

Result<ParsedSql, SyntaxError> ParseSql(std::string_view sql) {
  const std::string text(sql);  // libpg_query wants a NUL-terminated string
  ParseResultGuard guard{pg_query_parse(text.c_str())};
  if (guard.result.error != nullptr) {
    const PgQueryError& error = *guard.result.error;
    // cursorpos is 1-based like PostgreSQL's error position; 0 when unknown.
    size_t offset = error.cursorpos > 0 ? static_cast<size_t>(error.cursorpos - 1) : 0;
    return SyntaxError{error.message != nullptr ? error.message : "syntax error",
                       std::min(offset, text.size())};
  }
  ParsedSql parsed;
  parsed.tree = std::make_shared<rapidjson::Document>();
  parsed.tree->Parse(guard.result.parse_tree);
  if (parsed.tree->HasParseError() || !parsed.tree->IsObject()) {
    return SyntaxError{"the parser returned a tree that is not JSON", 0};
  }
  auto stmts = parsed.tree->FindMember("stmts");
  if (stmts == parsed.tree->MemberEnd() || !stmts->value.IsArray()) return parsed;  // only comments
  for (const Node& raw : stmts->value.GetArray()) {
    ParsedStatement statement;
    auto location = raw.FindMember("stmt_location");
    statement.begin = location != raw.MemberEnd() ? location->value.GetUint() : 0;
    auto length = raw.FindMember("stmt_len");
    // stmt_len 0 (absent) means "to the end of the text".
    statement.end = length != raw.MemberEnd() && length->value.GetUint() > 0
                        ? statement.begin + length->value.GetUint()
                        : text.size();
    auto stmt = raw.FindMember("stmt");
    if (stmt == raw.MemberEnd() || !stmt->value.IsObject() || stmt->value.MemberCount() != 1) {
      continue;
    }
    const auto& only = *stmt->value.MemberBegin();
    statement.kind = only.name.GetString();
    statement.body = &only.value;
    parsed.statements.push_back(statement);
  }
  return parsed;
}

}  // namespace km::lint
