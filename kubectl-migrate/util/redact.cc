#include "util/redact.h"

#include <cctype>

namespace km {
namespace {

constexpr std::string_view kMask = "***";

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Masks `password=value` parameters in a URL query string.
std::string RedactQuery(std::string_view query) {
  std::string out;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(pos, end - pos);
    if (StartsWithIgnoreCase(param, "password=")) {
      out.append("password=").append(kMask);
    } else {
      out.append(param);
    }
    if (end < query.size()) out.push_back('&');
    pos = end + 1;
  }
  return out;
}

std::string RedactUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  size_t authority = scheme_end + 3;
  size_t path_start = url.find_first_of("/?#", authority);
  std::string_view hostpart = url.substr(authority, path_start == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : path_start - authority);
  std::string out(url.substr(0, authority));
  size_t at = hostpart.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = hostpart.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      out.append(userinfo.substr(0, colon)).append(":").append(kMask);
    } else {
      out.append(userinfo);
    }
    out.append(hostpart.substr(at));
  } else {
    out.append(hostpart);
  }
  if (path_start == std::string_view::npos) return out;
  std::string_view rest = url.substr(path_start);
  size_t q = rest.find('?');
  if (q == std::string_view::npos) return out.append(rest);
  out.append(rest.substr(0, q + 1));
  size_t hash = rest.find('#', q);
  std::string_view query = rest.substr(q + 1, hash == std::string_view::npos ? std::string_view::npos
                                                                             : hash - q - 1);
  out.append(RedactQuery(query));
  if (hash != std::string_view::npos) out.append(rest.substr(hash));
  return out;
}

// keyword/value form: password=secret or password='se cret' (with \' escapes).
std::string RedactKeywordValue(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    bool at_word_start = i == 0 || std::isspace(static_cast<unsigned char>(s[i - 1]));
    if (at_word_start && StartsWithIgnoreCase(s.substr(i), "password")) {
      size_t j = i + 8;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == '=') {
        ++j;
        while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (j < s.size() && s[j] == '\'') {
          ++j;
          while (j < s.size() && s[j] != '\'') j += (s[j] == '\\' && j + 1 < s.size()) ? 2 : 1;
          if (j < s.size()) ++j;
        } else {
          while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        }
        out.append("password=").append(kMask);
        i = j;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace

std::string RedactConnectionString(std::string_view conninfo) {
  if (StartsWithIgnoreCase(conninfo, "postgres://") ||
      StartsWithIgnoreCase(conninfo, "postgresql://")) {
    return RedactUrl(conninfo);
  }
  return RedactKeywordValue(conninfo);
}

std::string RedactSecret(std::string_view text, std::string_view secret) {
  std::string out(text);
  if (secret.empty()) return out;
  size_t pos = 0;
  while ((pos = out.find(secret, pos)) != std::string::npos) {
    out.replace(pos, secret.size(), kMask);
    pos += kMask.size();
  }
  return out;
}

}  // namespace km
