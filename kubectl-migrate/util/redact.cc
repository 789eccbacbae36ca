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

// A password in a connection string: the bytes [begin, end) to mask, and the
// password as written and as libpq would decode it.
struct PasswordSpan {
  size_t begin = 0;
  size_t end = 0;
  std::string written;
  std::string decoded;
};

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

// The userinfo as it was evidently meant: libpq's when a host list follows
// its '@'; otherwise (a raw '@' or '/' in the password) up to the last '@'
// with hosts after it.
UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  parts.authority = AuthorityStart(url);
  size_t libpq_at = LibpqUserinfoEnd(url, parts.authority);
  if (libpq_at != npos && IsHostList(HostsAfter(url, libpq_at))) {
    parts.userinfo_end = libpq_at;
    return parts;
  }
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

// Where libpq starts reading the query (just after its '?'), npos when it
// reads none: after the userinfo, host[:port] pairs separated by ',' (an IPv6
// host in brackets, which may hold a '?') up to '/' or '?', then the database
// name up to '?' (conninfo_uri_parse_options).
size_t LibpqQueryStart(std::string_view url) {
  size_t p = AuthorityStart(url);
  if (size_t at = LibpqUserinfoEnd(url, p); at != npos) p = at + 1;
  auto find = [&](std::string_view chars, size_t from) {
    size_t found = url.find_first_of(chars, from);
    return found == npos ? url.size() : found;
  };
  for (;;) {
    if (p < url.size() && url[p] == '[') {
      size_t close = url.find(']', p + 1);
      if (close == npos || close == p + 1) return npos;  // libpq refuses the URL
      p = close + 1;
      if (p < url.size() && std::string_view(":/?,").find(url[p]) == npos) return npos;
    } else {
      p = find(":/?,", p);
    }
    if (p < url.size() && url[p] == ':') p = find("/?,", p + 1);
    if (p >= url.size() || url[p] != ',') break;
    ++p;
  }
  if (p < url.size() && url[p] == '/') p = find("?", p + 1);
  return p < url.size() ? p + 1 : npos;
}

// "key=" at the start of a query parameter (libpq decodes the key; newer
// versions also drop spaces around it).
bool IsPasswordParam(std::string_view param) {
  size_t eq = param.find('=');
  if (eq == npos) return false;
  std::string key = Lower(PercentDecode(param.substr(0, eq)));
  size_t first = key.find_first_not_of(' ');
  if (first == std::string::npos) return false;
  return key.substr(first, key.find_last_not_of(' ') + 1 - first) == "password";
}

// A piece of a query that starts a new parameter: a plain key and '='.
bool StartsParam(std::string_view piece) {
  size_t eq = piece.find('=');
  if (eq == npos || eq == 0) return false;
  for (char c : piece.substr(0, eq)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_% ").find(c) == npos) {
      return false;
    }
  }
  return true;
}

// The query's parameters split on '&' (libpq's pieces); a password value runs
// on through pieces that do not start a new parameter (a raw '&' in the
// password: what was evidently meant).
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

void AddUrlPassword(std::string_view url, size_t begin, size_t end, std::vector<PasswordSpan>& out) {
  if (begin >= end) return;
  std::string written(url.substr(begin, end - begin));
  std::string decoded = PercentDecode(written);
  out.push_back({begin, end, std::move(written), std::move(decoded)});
}

// The password values of the query that starts at `query` (libpq knows no
// "#fragment": the query runs to the end).
void AddQueryPasswords(std::string_view url, size_t query, std::vector<PasswordSpan>& out) {
  if (query == npos || query > url.size()) return;
  for (std::string_view param : QueryParams(url.substr(query))) {
    if (!IsPasswordParam(param)) continue;
    size_t begin = static_cast<size_t>(param.data() - url.data()) + param.find('=') + 1;
    size_t end = static_cast<size_t>(param.data() - url.data()) + param.size();
    AddUrlPassword(url, begin, end, out);
    // libpq's value ends at the first '&'
    if (size_t amp = url.substr(0, end).find('&', begin); amp != npos) AddUrlPassword(url, begin, amp, out);
  }
}

// Every password of a URL in both readings: libpq's (the userinfo up to the
// first '@', the query where its host parsing ends it) and the evident one
// (SplitUrl's userinfo and the query after it). Where they differ, one
// reading's password may lie in what the other takes for hosts or query
// ("postgres://u:p@ss?password=@db": libpq's password "@db" is the evident
// reading's host), so both are masked.
std::vector<PasswordSpan> UrlPasswords(std::string_view url) {
  std::vector<PasswordSpan> out;
  const size_t authority = AuthorityStart(url);
  auto query_after = [&](size_t from) {
    size_t query = url.find('?', from);
    return query == npos ? npos : query + 1;
  };
  bool userinfo = false;
  for (size_t userinfo_end : {LibpqUserinfoEnd(url, authority), SplitUrl(url).userinfo_end}) {
    if (userinfo_end == npos) continue;
    userinfo = true;
    size_t colon = url.substr(0, userinfo_end).find(':', authority);
    if (colon != npos) AddUrlPassword(url, colon + 1, userinfo_end, out);
    AddQueryPasswords(url, query_after(userinfo_end), out);
  }
  if (!userinfo) AddQueryPasswords(url, query_after(authority), out);
  AddQueryPasswords(url, LibpqQueryStart(url), out);
  return out;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// A keyword/value value starting at s[i] as libpq's conninfo_parse reads it:
// 'quoted' or up to whitespace, a backslash taking the next byte as it is.
// Returns where it ends and the value; an unterminated quote runs to the end.
size_t ReadValue(std::string_view s, size_t i, std::string& value) {
  bool quoted = i < s.size() && s[i] == '\'';
  if (quoted) ++i;
  while (i < s.size()) {
    if (s[i] == '\\') {
      if (++i < s.size()) value.push_back(s[i++]);
      continue;
    }
    if (quoted ? s[i] == '\'' : IsSpace(s[i])) return quoted ? i + 1 : i;
    value.push_back(s[i++]);
  }
  return i;
}

// Skips whitespace, then an '=' and whitespace after it; npos without '='.
size_t SkipEquals(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  if (i >= s.size() || s[i] != '=') return npos;
  ++i;
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

void AddKeywordPassword(std::string_view s, size_t keyword, size_t value_begin, std::vector<PasswordSpan>& out,
                        size_t* end) {
  std::string decoded;
  *end = ReadValue(s, value_begin, decoded);
  out.push_back({keyword, *end, std::string(s.substr(value_begin, *end - value_begin)), std::move(decoded)});
}

// keyword/value form, libpq's tokens (conninfo_parse): keyword up to '=' or
// whitespace, '=', a value. Where libpq would stop with an error (a word
// without '='), the word is skipped and reading goes on.
void LibpqKeywordPasswords(std::string_view s, std::vector<PasswordSpan>& out) {
  size_t i = 0;
  while (i < s.size()) {
    if (IsSpace(s[i])) {
      ++i;
      continue;
    }
    size_t keyword = i;
    while (i < s.size() && s[i] != '=' && !IsSpace(s[i])) ++i;
    std::string_view name = s.substr(keyword, i - keyword);
    size_t value = SkipEquals(s, i);
    if (value == npos) continue;
    if (name.size() == 8 && StartsWithIgnoreCase(name, "password")) {
      AddKeywordPassword(s, keyword, value, out, &i);
    } else {
      std::string ignored;
      i = ReadValue(s, value, ignored);
    }
  }
}

// keyword/value form, any "password =" at the start of a word, also inside
// another keyword's value: what may have been meant as one.
void WordStartPasswords(std::string_view s, std::vector<PasswordSpan>& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if ((i > 0 && !IsSpace(s[i - 1])) || !StartsWithIgnoreCase(s.substr(i), "password")) continue;
    size_t value = SkipEquals(s, i + 8);
    if (value == npos) continue;
    size_t end = 0;
    AddKeywordPassword(s, i, value, out, &end);
  }
}

// Every password of a connection string, in every reading; spans may overlap.
std::vector<PasswordSpan> FindPasswords(std::string_view conninfo) {
  if (IsUrl(conninfo)) return UrlPasswords(conninfo);
  std::vector<PasswordSpan> out;
  LibpqKeywordPasswords(conninfo, out);
  WordStartPasswords(conninfo, out);
  return out;
}

// `s` with the union of `spans` masked: each run of overlapping or adjacent
// spans becomes `mask`.
std::string MaskSpans(std::string_view s, std::vector<PasswordSpan> spans, std::string_view mask) {
  std::sort(spans.begin(), spans.end(),
            [](const PasswordSpan& a, const PasswordSpan& b) { return a.begin < b.begin; });
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < spans.size();) {
    size_t begin = spans[i].begin;
    size_t end = spans[i].end;
    for (++i; i < spans.size() && spans[i].begin <= end; ++i) end = std::max(end, spans[i].end);
    out.append(s.substr(copied, begin - copied)).append(mask);
    copied = end;
  }
  return out.append(s.substr(copied));
}

}  // namespace

std::string RedactConnectionString(std::string_view conninfo) {
  // keyword/value spans start at the keyword: "password = 'x y'" → "password=***"
  return MaskSpans(conninfo, FindPasswords(conninfo),
                   IsUrl(conninfo) ? std::string(kMask) : "password=" + std::string(kMask));
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
  std::vector<std::string> passwords;
  for (const PasswordSpan& span : FindPasswords(conninfo)) {
    passwords.push_back(span.written);
    passwords.push_back(span.decoded);
  }
  std::string out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t open = message.find('"', pos);
    size_t close = open == npos ? npos : message.find('"', open + 1);
    if (close == npos) break;
    std::string_view token = message.substr(open + 1, close - open - 1);
    bool secret = false;
    for (const auto& password : passwords) secret = secret || (!password.empty() && token == password);
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
  std::vector<PasswordSpan> spans;
  WordStartPasswords(out, spans);
  return MaskSpans(out, spans, "password=" + std::string(kMask));
}

}  // namespace km
