#include "util/redact.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace km {
namespace {

constexpr std::string_view kMask = "***";
constexpr size_t npos = std::string_view::npos;

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool IsUrl(std::string_view conninfo) {
  return StartsWithIgnoreCase(conninfo, "postgres://") ||
         StartsWithIgnoreCase(conninfo, "postgresql://");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// %XX sequences decoded; anything malformed is kept as written.
std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Host names, IPv4/IPv6 addresses, ports, commas between hosts, and
// percent-encoded socket directories: what libpq accepts after the '@'.
bool IsHostList(std::string_view s) {
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(".-:,[]%_").find(c) == npos) {
      return false;
    }
  }
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The parts of a postgres:// URL, as byte offsets into it.
struct UrlParts {
  size_t authority = 0;       // just after "://"
  size_t userinfo_end = npos; // the '@' ending the userinfo, npos without one
};

size_t AuthorityStart(std::string_view url) { return url.find("://") + 3; }

// The text after an '@' up to the path or query: where the hosts are.
std::string_view HostsAfter(std::string_view url, size_t at) {
  size_t end = url.find_first_of("/?", at + 1);
  return url.substr(at + 1, end == npos ? npos : end - at - 1);
}

// libpq (conninfo_uri_parse_options): the userinfo ends at the first '@'
// before the first '/'.
size_t LibpqUserinfoEnd(std::string_view url, size_t authority) {
  size_t p = url.find_first_of("@/", authority);
  return p != npos && url[p] == '@' ? p : npos;
}

// Could url[authority, at) be a "user:password" with raw '/' or '?' in the
// password, rather than "host[:port]/db?query" with an '@' further on?
bool LooksLikeUserPassword(std::string_view userinfo) {
  if (!userinfo.empty() && userinfo.front() == '[') return false;  // an IPv6 host
  size_t cut = userinfo.find_first_of("/?");
  if (cut == npos) return true;
  size_t colon = userinfo.find(':');
  return colon < cut && !AllDigits(userinfo.substr(colon + 1, cut - colon - 1));
}

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  parts.authority = AuthorityStart(url);
  size_t libpq_at = LibpqUserinfoEnd(url, parts.authority);
  if (libpq_at != npos && IsHostList(HostsAfter(url, libpq_at))) {
    parts.userinfo_end = libpq_at;
    return parts;
  }
  // A raw '@' or '/' in the password: take the last '@' with hosts after it.
  for (size_t i = url.size(); i-- > parts.authority;) {
    if (url[i] != '@' || !IsHostList(HostsAfter(url, i))) continue;
    if (LooksLikeUserPassword(url.substr(parts.authority, i - parts.authority))) {
      parts.userinfo_end = i;
      return parts;
    }
    break;
  }
  parts.userinfo_end = libpq_at;
  return parts;
}

// The password of a URL's userinfo as written, if it has one.
std::string_view UserinfoPassword(std::string_view url, const UrlParts& parts) {
  if (parts.userinfo_end == npos) return {};
  std::string_view userinfo = url.substr(parts.authority, parts.userinfo_end - parts.authority);
  size_t colon = userinfo.find(':');
  return colon == npos ? std::string_view() : userinfo.substr(colon + 1);
}

// "key=" at the start of a query parameter (libpq decodes the key).
bool IsPasswordParam(std::string_view param) {
  size_t eq = param.find('=');
  return eq != npos && Lower(PercentDecode(param.substr(0, eq))) == "password";
}

// A piece of a query that starts a new parameter: a plain key and '='.
bool StartsParam(std::string_view piece) {
  size_t eq = piece.find('=');
  if (eq == npos || eq == 0) return false;
  for (char c : piece.substr(0, eq)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '%') return false;
  }
  return true;
}

// The query's parameters split on '&'; a password value runs on through
// pieces that do not start a new parameter (a raw '&' in the password).
std::vector<std::string_view> QueryParams(std::string_view query) {
  std::vector<std::string_view> params;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == npos) end = query.size();
    if (IsPasswordParam(query.substr(pos, end - pos))) {
      while (end < query.size()) {
        size_t next = query.find('&', end + 1);
        if (next == npos) next = query.size();
        if (StartsParam(query.substr(end + 1, next - end - 1))) break;
        end = next;
      }
    }
    params.push_back(query.substr(pos, end - pos));
    pos = end + 1;
  }
  return params;
}

// Masks password=value parameters of a URL query. libpq knows no
// "#fragment": the query runs to the end.
std::string RedactQuery(std::string_view query) {
  std::string out;
  bool first = true;
  for (std::string_view param : QueryParams(query)) {
    if (!first) out.push_back('&');
    first = false;
    if (IsPasswordParam(param)) {
      out.append(param.substr(0, param.find('=') + 1)).append(kMask);
    } else {
      out.append(param);
    }
  }
  return out;
}

std::string RedactUrl(std::string_view url) {
  UrlParts parts = SplitUrl(url);
  std::string out(url.substr(0, parts.authority));
  size_t rest = parts.authority;
  if (parts.userinfo_end != npos) {
    std::string_view userinfo = url.substr(parts.authority, parts.userinfo_end - parts.authority);
    size_t colon = userinfo.find(':');
    out.append(userinfo.substr(0, colon));
    if (colon != npos) out.append(":").append(kMask);
    out.push_back('@');
    rest = parts.userinfo_end + 1;
  }
  size_t query = url.find('?', rest);
  if (query == npos) return out.append(url.substr(rest));
  out.append(url.substr(rest, query + 1 - rest));
  return out.append(RedactQuery(url.substr(query + 1)));
}

// keyword/value form: password=secret or password='se cret' (with \' escapes).
// Calls on_password(begin, end, value) for each password value found.
template <class OnPassword>
void FindKeywordPasswords(std::string_view s, OnPassword on_password) {
  size_t i = 0;
  while (i < s.size()) {
    bool at_word_start = i == 0 || std::isspace(static_cast<unsigned char>(s[i - 1]));
    if (at_word_start && StartsWithIgnoreCase(s.substr(i), "password")) {
      size_t j = i + 8;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == '=') {
        ++j;
        while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        std::string value;
        if (j < s.size() && s[j] == '\'') {
          ++j;
          while (j < s.size() && s[j] != '\'') {
            if (s[j] == '\\' && j + 1 < s.size()) ++j;
            value.push_back(s[j++]);
          }
          if (j < s.size()) ++j;
        } else {
          while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) value.push_back(s[j++]);
        }
        on_password(i, j, value);
        i = j;
        continue;
      }
    }
    ++i;
  }
}

std::string RedactKeywordValue(std::string_view s) {
  std::string out;
  size_t copied = 0;
  FindKeywordPasswords(s, [&](size_t begin, size_t end, const std::string&) {
    out.append(s.substr(copied, begin - copied)).append("password=").append(kMask);
    copied = end;
  });
  return out.append(s.substr(copied));
}

// Every password a connection string gives, as written and decoded.
std::vector<std::string> Passwords(std::string_view conninfo) {
  std::vector<std::string> passwords;
  auto add = [&](std::string_view written, bool decode) {
    if (written.empty()) return;
    passwords.emplace_back(written);
    if (decode) passwords.push_back(PercentDecode(written));
  };
  if (!IsUrl(conninfo)) {
    FindKeywordPasswords(conninfo, [&](size_t, size_t, const std::string& value) { add(value, false); });
    return passwords;
  }
  UrlParts parts = SplitUrl(conninfo);
  add(UserinfoPassword(conninfo, parts), true);
  size_t rest = parts.userinfo_end == npos ? parts.authority : parts.userinfo_end + 1;
  if (size_t query = conninfo.find('?', rest); query != npos) {
    for (std::string_view param : QueryParams(conninfo.substr(query + 1))) {
      if (IsPasswordParam(param)) add(param.substr(param.find('=') + 1), true);
    }
  }
  return passwords;
}

}  // namespace

std::string RedactConnectionString(std::string_view conninfo) {
  return IsUrl(conninfo) ? RedactUrl(conninfo) : RedactKeywordValue(conninfo);
}

std::string UrlPasswordProblem(std::string_view conninfo) {
  if (!IsUrl(conninfo)) return "";
  UrlParts parts = SplitUrl(conninfo);
  if (UserinfoPassword(conninfo, parts).empty()) return "";
  if (parts.userinfo_end == LibpqUserinfoEnd(conninfo, parts.authority)) return "";
  return "the password in the URL holds a raw '@' or '/', where libpq ends the password and reads "
         "the rest as host, port or database name; percent-encode them ('@' as %40, '/' as %2F)";
}

std::string RedactQuotedPassword(std::string_view message, std::string_view conninfo) {
  const std::vector<std::string> passwords = Passwords(conninfo);
  std::string out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t open = message.find('"', pos);
    size_t close = open == npos ? npos : message.find('"', open + 1);
    if (close == npos) break;
    std::string_view token = message.substr(open + 1, close - open - 1);
    bool secret = false;
    for (const auto& password : passwords) secret = secret || token == password;
    out.append(message.substr(pos, open + 1 - pos)).append(secret ? kMask : token).push_back('"');
    pos = close + 1;
  }
  return out.append(message.substr(std::min(pos, message.size())));
}


std::string RedactSecretsInText(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    bool at_url = (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]))) && IsUrl(text.substr(i));
    if (!at_url) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           std::string_view("\"'`<>").find(text[end]) == npos) {
      ++end;
    }
    out.append(RedactConnectionString(text.substr(i, end - i)));
    i = end;
  }
  return RedactKeywordValue(out);
}

}  // namespace km
