#pragma once

// The real PostgreSQL parser (libpg_query, PostgreSQL 15's grammar) behind a
// small interface: SQL text in, one JSON parse tree per statement out.

#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace km::lint {

using Node = rapidjson::Value;

// One statement of the text: its node ({"CreateStmt": {...}} unwrapped to
// kind "CreateStmt" and body {...}) and where it is in the text.
struct ParsedStatement {
  std::string kind;          // "AlterTableStmt", "IndexStmt", ...
  const Node* body = nullptr;
  size_t begin = 0;          // byte offset of the statement's span (may start with comments)
  size_t end = 0;            // one past its last byte (before the ';')
};

struct ParsedSql {
  std::shared_ptr<rapidjson::Document> tree;  // owns every Node above
  std::vector<ParsedStatement> statements;
};

// The parser's own complaint: message and 0-based byte offset into the text.
struct SyntaxError {
  std::string message;
  size_t offset = 0;
};

// Parses `sql` (any number of statements). Never throws.
Result<ParsedSql, SyntaxError> ParseSql(std::string_view sql);

}  // namespace km::lint
