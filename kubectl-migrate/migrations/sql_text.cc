#include "migrations/sql_text.h"

#include <algorithm>
#include <cctype>

namespace km::migrations {
namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

enum class TokenKind {
  kWord,          // a bare word: keyword or unquoted identifier
  kLiteral,       // '…', E'…', "…", $tag$…$tag$, $1
  kSymbol,        // any other single character: ; ( ) , = …
  kLineComment,   // -- … up to (not including) the newline
  kBlockComment,  // /* … */, nested
};

struct Token {
  TokenKind kind;
  size_t begin;  // byte offsets into the scanned text
  size_t end;
};

// Walks SQL text the way PostgreSQL's lexer splits it, calling on_token for
// each token except whitespace. An unterminated comment or literal runs to
// the end of the text.
template <class OnToken>
void Scan(std::string_view s, OnToken on_token) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const size_t start = i;
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    TokenKind kind = TokenKind::kSymbol;
    if (c == '-' && i + 1 < n && s[i + 1] == '-') {
      size_t end = s.find('\n', i);
      i = end == std::string_view::npos ? n : end;
      kind = TokenKind::kLineComment;
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
      kind = TokenKind::kBlockComment;
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
      i = std::min(i, n);
      kind = TokenKind::kLiteral;
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
      kind = TokenKind::kLiteral;
    } else if (IsWordStart(c)) {
      while (i < n && IsWordChar(s[i])) ++i;
      kind = TokenKind::kWord;
    } else {
      ++i;
    }
    on_token(Token{kind, start, i});
  }
}

bool IsComment(const Token& token) {
  return token.kind == TokenKind::kLineComment || token.kind == TokenKind::kBlockComment;
}

std::string Upper(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return out;
}

// Anything but whitespace, comments and `;`.
bool HasCode(std::string_view text) {
  bool found = false;
  Scan(text, [&](const Token& token) {
    found = found || (!IsComment(token) && text[token.begin] != ';');
  });
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

// Every chunk between breakpoint markers, comment-only and empty ones too.
template <class OnChunk>
void ForEachRawChunk(std::string_view sql, OnChunk on_chunk) {
  size_t start = 0;
  while (start <= sql.size()) {
    size_t end = sql.find(kStatementBreakpoint, start);
    on_chunk(start, sql.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                                     : end - start));
    if (end == std::string_view::npos) break;
    start = end + kStatementBreakpoint.size();
  }
}

// Where to put breakpoints around statement `index` of `count`.
std::string BreakpointAdvice(size_t index, size_t count) {
  const bool before = index > 0;
  const bool after = index + 1 < count;
  return std::string("put a `") + std::string(kStatementBreakpoint) + "` line " +
         (before && after ? "before and after it" : before ? "before it" : "after it");
}

}  // namespace

std::vector<Chunk> SplitChunks(std::string_view sql) {
  std::vector<Chunk> chunks;
  ForEachRawChunk(sql, [&](size_t offset, std::string_view chunk) {
    if (HasCode(chunk)) chunks.push_back(Chunk{offset, std::string(chunk)});
  });
  return chunks;
}

std::vector<std::string> SplitStatements(std::string_view sql) {
  std::vector<std::string> statements;
  for (auto& chunk : SplitChunks(sql)) statements.push_back(std::move(chunk.text));
  return statements;
}

std::vector<std::string_view> TopLevelStatements(std::string_view chunk) {
  std::vector<std::string_view> statements;
  size_t start = 0;
  int depth = 0;
  auto finish = [&](size_t end) {
    std::string_view statement = chunk.substr(start, end - start);
    if (HasCode(statement)) statements.push_back(statement);
    start = end;
  };
  Scan(chunk, [&](const Token& token) {
    if (token.kind != TokenKind::kSymbol) return;
    char c = chunk[token.begin];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (c == ';' && depth == 0) finish(token.end);
  });
  finish(chunk.size());
  return statements;
}

std::vector<std::string> LeadingKeywords(std::string_view statement, size_t count) {
  std::vector<std::string> words;
  Scan(statement, [&](const Token& token) {
    if (token.kind == TokenKind::kWord && words.size() < count) {
      words.push_back(Upper(statement.substr(token.begin, token.end - token.begin)));
    }
  });
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

Result<std::string> ChunkNoTransactionReason(std::string_view chunk) {
  const auto statements = TopLevelStatements(chunk);
  for (size_t i = 0; i < statements.size(); ++i) {
    std::string reason = NoTransactionReason(statements[i]);
    if (reason.empty()) continue;
    if (statements.size() == 1) return reason;
    return MakeError(ExitCode::kValidation,
                     reason + ", but " + std::to_string(statements.size() - 1) + " other statement" +
                         (statements.size() == 2 ? " shares" : "s share") +
                         " its chunk (no breakpoint between them), and PostgreSQL runs a chunk of "
                         "several statements as one transaction block; " +
                         BreakpointAdvice(i, statements.size()));
  }
  return std::string();
}

bool HasNoTransactionDirective(std::string_view sql) {
  bool found = false;
  ForEachRawChunk(sql, [&](size_t, std::string_view chunk) {
    Scan(chunk, [&](const Token& token) {
      if (found || token.kind != TokenKind::kLineComment) return;
      size_t line_start = chunk.rfind('\n', token.begin);
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      bool own_line = Trim(chunk.substr(line_start, token.begin - line_start)).empty();
      std::string_view text = Trim(chunk.substr(token.begin, token.end - token.begin));
      found = own_line && text == kNoTransactionDirective;
    });
  });
  return found;
}

}  // namespace km::migrations
