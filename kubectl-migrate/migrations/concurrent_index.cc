#include "migrations/concurrent_index.h"

#include <cctype>
#include <vector>

#include "migrations/sql_text.h"

namespace km::migrations {
namespace {

struct Token {
  std::string text;    // the token as written
  std::string folded;  // identifier value: quotes removed, or lower-cased bare word
  bool quoted = false;
  bool closed = true;  // false for a quoted identifier the statement never closes
};

// A token that can name an index or table: a bare word, or a closed, non-empty
// quoted identifier (PostgreSQL refuses "" as a zero-length delimited identifier).
bool IsName(const Token& t) {
  if (t.quoted) return t.closed && !t.folded.empty();
  unsigned char first = static_cast<unsigned char>(t.text.front());
  return std::isalpha(first) || first == '_' || (first & 0x80);
}

// Words, "quoted identifiers" and single punctuation characters, skipping
// white space and comments, up to `limit` tokens. Enough for a statement head.
std::vector<Token> HeadTokens(std::string_view s, size_t limit) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size() && tokens.size() < limit) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.substr(i, 2) == "/*") {
      int depth = 0;
      while (i < s.size()) {
        if (s.substr(i, 2) == "/*") { ++depth; i += 2; continue; }
        if (s.substr(i, 2) == "*/") { i += 2; if (--depth == 0) break; continue; }
        ++i;
      }
    } else if (c == '"') {
      Token t{"\"", "", true, false};
      ++i;
      while (i < s.size()) {
        if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
          t.folded += '"';
          t.text += "\"\"";
          i += 2;
        } else if (s[i] == '"') {
          ++i;
          t.closed = true;
          break;
        } else {
          t.folded += s[i];
          t.text += s[i++];
        }
      }
      t.text += '"';
      tokens.push_back(std::move(t));
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80)) {
      Token t;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                              s[i] == '$' || (s[i] & 0x80))) {
        t.text += s[i];
        t.folded += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
        ++i;
      }
      tokens.push_back(std::move(t));
    } else {
      tokens.push_back(Token{std::string(1, c), std::string(1, c), false});
      ++i;
    }
  }
  return tokens;
}

bool Is(const std::vector<Token>& t, size_t i, std::string_view keyword) {
  return i < t.size() && !t[i].quoted && t[i].folded == keyword;
}

}  // namespace

std::optional<ConcurrentIndexBuild> ParseConcurrentIndexBuild(std::string_view statement) {
  auto t = HeadTokens(statement, 16);
  size_t i = 0;
  if (!Is(t, i++, "create")) return std::nullopt;
  if (Is(t, i, "unique")) ++i;
  if (!Is(t, i++, "index") || !Is(t, i++, "concurrently")) return std::nullopt;
  if (Is(t, i, "if") && Is(t, i + 1, "not") && Is(t, i + 2, "exists")) i += 3;
  if (i >= t.size() || Is(t, i, "on")) return std::nullopt;  // no name given
  if (!IsName(t[i])) return std::nullopt;                    // not valid SQL
  ConcurrentIndexBuild build;
  build.index = t[i++].folded;
  if (!Is(t, i++, "on")) return std::nullopt;
  if (Is(t, i, "only")) ++i;
  if (i >= t.size() || !IsName(t[i])) return std::nullopt;
  build.table = t[i++].text;
  if (i + 1 < t.size() && t[i].text == "." && IsName(t[i + 1])) {
    build.table += "." + t[i + 1].text;
  }
  return build;
}

bool SetsLockTimeout(std::string_view statement) {
  auto w = LeadingKeywords(statement, 3);
  size_t i = 0;
  if (w.empty() || w[i++] != "SET") return false;
  if (i < w.size() && (w[i] == "SESSION" || w[i] == "LOCAL")) ++i;
  return i < w.size() && w[i] == "LOCK_TIMEOUT";
}

}  // namespace km::migrations
