#include "lint/parser.h"

#include <pg_query.h>

#include <pthread.h>

#include <algorithm>

#include "util/utf8.h"

namespace km::lint {
namespace {

// libpg_query writes its tree recursively, one C stack frame chain per nesting
// level (≈ 110 bytes each): `1+1+…+1` 100,000 deep overflows an 8 MiB stack.
// Nesting depth is at most half the text's length, so long statements are
// parsed on a thread with a stack big enough for the longest we accept.
constexpr size_t kMaxStatementBytes = size_t{4} << 20;
constexpr size_t kBigStackBytes = size_t{512} << 20;   // address space; pages are touched on use
constexpr size_t kMainStackSafeBytes = size_t{32} << 10;

// Frees a libpg_query result on every path.
struct ParseResultGuard {
  PgQueryParseResult result{};
  ~ParseResultGuard() { pg_query_free_parse_result(result); }
};

struct ParseJob {
  const char* text;
  ParseResultGuard* guard;
};

void* ParseOnThread(void* arg) {
  auto* job = static_cast<ParseJob*>(arg);
  job->guard->result = pg_query_parse(job->text);
  return nullptr;
}

// pg_query_parse on this thread for short text, else on a big-stack thread.
bool Parse(const std::string& text, ParseResultGuard& guard) {
  if (text.size() <= kMainStackSafeBytes) {
    guard.result = pg_query_parse(text.c_str());
    return true;
  }
  ParseJob job{text.c_str(), &guard};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kBigStackBytes);
  pthread_t thread;
  const bool started = pthread_create(&thread, &attr, ParseOnThread, &job) == 0;
  pthread_attr_destroy(&attr);
  if (started) pthread_join(thread, nullptr);
  return started;
}

}  // namespace

Result<ParsedSql, SyntaxError> ParseSql(std::string_view sql) {
  if (sql.size() > kMaxStatementBytes) {
    return SyntaxError{"statement of " + std::to_string(sql.size()) +
                           " bytes is over lint's limit of 4 MiB: not parsed",
                       0};
  }
  const std::string text(sql);  // libpg_query wants a NUL-terminated string
  ParseResultGuard guard;
  if (!Parse(text, guard)) return SyntaxError{"could not start the parser's thread", 0};
  if (guard.result.error != nullptr) {
    const PgQueryError& error = *guard.result.error;
    // cursorpos is 1-based like PostgreSQL's error position; 0 when unknown.
    size_t offset = error.cursorpos > 0 ? static_cast<size_t>(error.cursorpos - 1) : 0;
    // The scanner works on bytes: "at or near" may quote half a UTF-8 character
    // ("0\xef" of "0€"), and lint's output must stay UTF-8 (-o json).
    return SyntaxError{NormalizeUtf8LikeNode(error.message != nullptr ? error.message : "syntax error"),
                       std::min(offset, text.size())};
  }
  ParsedSql parsed;
  parsed.tree = std::make_shared<rapidjson::Document>();
  // Iterative: the tree can be as deep as the SQL is long.
  parsed.tree->Parse<rapidjson::kParseIterativeFlag>(guard.result.parse_tree);
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
