#include "migrations/sql_text.h"

#include <algorithm>
#include <cctype>

namespace km::migrations {
namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Walks SQL text, calling on_word for each bare word and on_code for any
// other non-comment token. Comments and literals are skipped whole; an
// unterminated one runs to the end of the text.
template <class OnWord, class OnCode>
void Scan(std::string_view s, OnWord on_word, OnCode on_code) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
      size_t end = s.find('\n', i);
      i = end == std::string_view::npos ? n : end + 1;
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      int depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
    } else if (c == '\'' || c == '"' ||
               ((c == 'E' || c == 'e') && i + 1 < n && s[i + 1] == '\'')) {
      bool backslash_escapes = c != '\'' && c != '"';
      if (backslash_escapes) ++i;
      char quote = s[i++];
      while (i < n) {
        if (backslash_escapes && s[i] == '\\') {
          i += 2;
        } else if (s[i] == quote) {
          if (i + 1 < n && s[i + 1] == quote) {
            i += 2;
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
      on_code();
    } else if (c == '$') {
      size_t tag_end = i + 1;
      while (tag_end < n && (IsWordChar(s[tag_end]) && s[tag_end] != '$')) ++tag_end;
      bool is_dollar_quote = tag_end < n && s[tag_end] == '$' &&
                             (tag_end == i + 1 || IsWordStart(s[i + 1]));
      if (is_dollar_quote) {
        std::string_view tag = s.substr(i, tag_end - i + 1);
        size_t close = s.find(tag, tag_end + 1);
        i = close == std::string_view::npos ? n : close + tag.size();
      } else {
        i = tag_end;  // a positional parameter like $1
      }
      on_code();
    } else if (IsWordStart(c)) {
      size_t start = i;
      while (i < n && IsWordChar(s[i])) ++i;
      on_word(s.substr(start, i - start));
    } else {
      ++i;
      on_code();
    }
  }
}

std::string Upper(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return out;
}

bool HasCode(std::string_view chunk) {
  bool found = false;
  Scan(chunk, [&](std::string_view) { found = true; }, [&] { found = true; });
  return found;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool Contains(const std::vector<std::string>& words, size_t from, std::string_view word) {
  return std::find(words.begin() + std::min(from, words.size()), words.end(), word) != words.end();
}

}  // namespace

std::vector<std::string> SplitStatements(std::string_view sql) {
  std::vector<std::string> statements;
  size_t start = 0;
  while (start <= sql.size()) {
    size_t end = sql.find(kStatementBreakpoint, start);
    std::string_view chunk =
        sql.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (HasCode(chunk)) statements.emplace_back(chunk);
    if (end == std::string_view::npos) break;
    start = end + kStatementBreakpoint.size();
  }
  return statements;
}

std::vector<std::string> LeadingKeywords(std::string_view statement, size_t count) {
  std::vector<std::string> words;
  Scan(
      statement,
      [&](std::string_view word) {
        if (words.size() < count) words.push_back(Upper(word));
      },
      [] {});
  return words;
}

std::string NoTransactionReason(std::string_view statement) {
  const auto w = LeadingKeywords(statement, 12);
  auto at = [&](size_t i) -> std::string_view { return i < w.size() ? w[i] : std::string_view(); };
  if (at(0) == "CREATE" && (at(1) == "INDEX" || (at(1) == "UNIQUE" && at(2) == "INDEX")) &&
      Contains(w, 2, "CONCURRENTLY")) {
    return "CREATE INDEX CONCURRENTLY cannot run inside a transaction block";
  }
  if (at(0) == "DROP" && at(1) == "INDEX" && at(2) == "CONCURRENTLY") {
    return "DROP INDEX CONCURRENTLY cannot run inside a transaction block";
  }
  if (at(0) == "REINDEX" && Contains(w, 1, "CONCURRENTLY")) {
    return "REINDEX CONCURRENTLY cannot run inside a transaction block";
  }
  if (at(0) == "ALTER" && at(1) == "TABLE" && Contains(w, 2, "DETACH") &&
      Contains(w, 2, "CONCURRENTLY")) {
    return "DETACH PARTITION CONCURRENTLY cannot run inside a transaction block";
  }
  if (at(0) == "VACUUM") return "VACUUM cannot run inside a transaction block";
  if ((at(0) == "CREATE" || at(0) == "DROP") && (at(1) == "DATABASE" || at(1) == "TABLESPACE")) {
    return std::string(at(0)) + " " + std::string(at(1)) + " cannot run inside a transaction block";
  }
  if (at(0) == "ALTER" && at(1) == "SYSTEM") {
    return "ALTER SYSTEM cannot run inside a transaction block";
  }
  return "";
}

bool HasNoTransactionDirective(std::string_view sql) {
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    std::string_view line =
        Trim(sql.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (line == kNoTransactionDirective) return true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace km::migrations
