#include "lint/suppression.h"

#include <cctype>

namespace km::lint {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

void ReadDirective(std::string_view comment, std::vector<Suppression>& out) {
  if (!comment.starts_with(kIgnoreDirective)) return;
  std::string_view rest = comment.substr(kIgnoreDirective.size());
  if (!rest.empty() && !IsSpace(rest.front())) return;  // "...lint-ignorefoo"
  rest = Trim(rest);
  size_t space = 0;
  while (space < rest.size() && !IsSpace(rest[space])) ++space;
  if (space == 0) return;
  out.push_back({std::string(rest.substr(0, space)), std::string(Trim(rest.substr(space)))});
}

}  // namespace

LeadingText ReadLeadingText(std::string_view span) {
  LeadingText leading;
  size_t i = 0;
  const size_t n = span.size();
  while (i < n) {
    if (IsSpace(span[i])) {
      ++i;
    } else if (span.substr(i, 2) == "--") {
      size_t end = span.find('\n', i);
      if (end == std::string_view::npos) end = n;
      ReadDirective(Trim(span.substr(i, end - i)), leading.suppressions);
      i = end;
    } else if (span.substr(i, 2) == "/*") {
      int depth = 1;  // PostgreSQL block comments nest
      i += 2;
      while (i < n && depth > 0) {
        if (span.substr(i, 2) == "/*") {
          ++depth;
          i += 2;
        } else if (span.substr(i, 2) == "*/") {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
    } else {
      break;
    }
  }
  leading.first_token = i;
  return leading;
}

}  // namespace km::lint
