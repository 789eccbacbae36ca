// Password redaction of connection strings, checked against libpq itself: whatever
// password libpq would read from the string (URL or keyword/value form), it must not
// be in RedactConnectionString's output, nor in what RedactQuotedPassword leaves of
// a libpq-style message quoting it.
#include <libpq-fe.h>
#include <strings.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "util/redact.h"

namespace {

// The password libpq reads from `conninfo`, "" when none or when it rejects the string.
std::string LibpqPassword(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  PQfreemem(error);
  if (options == nullptr) return "";
  std::string password;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val != nullptr) {
      password = option->val;
    }
  }
  PQconninfoFree(options);
  return password;
}

// `text` with each "password" (any case) replaced by '\x01': the redactor rewrites
// "password = x" as "password=***", and that keyword text is no copy of the password
// ("word=" is in "password=", found by fuzzing).
std::string WithoutKeyword(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.size() - i >= 8 && strncasecmp(text.data() + i, "password", 8) == 0) {
      out.push_back('\x01');
      i += 8;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

// libpq's own test for a URL (uri_prefix_length: case-sensitive).
bool IsLibpqUrl(std::string_view conninfo) {
  return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

size_t Occurrences(std::string_view text, std::string_view part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string conninfo(reinterpret_cast<const char*>(data), size);
  if (conninfo.find('\0') != std::string::npos) return 0;  // not expressible to libpq
  std::string redacted = km::RedactConnectionString(conninfo);
  (void)km::UrlPasswordProblem(conninfo);

  std::string password = LibpqPassword(conninfo);
  if (password.empty() || conninfo.find('\x01') != std::string::npos ||
      password.find('*') != std::string::npos || WithoutKeyword(password) != password) {
    return 0;
  }
  // Redaction only masks: every copy of the password in the output is a copy of
  // one in the input (the mask shares no character with it).
  const size_t in_input = Occurrences(WithoutKeyword(conninfo), password);
  const size_t in_output = Occurrences(WithoutKeyword(redacted), password);
  km::fuzz::Check(in_output <= in_input, "the redacted connection string has a new copy of the password");
  // When the password is written as-is (no percent escapes in a URL, no backslash
  // escapes in keyword/value form; quotes are fine), one of its copies in the input
  // is the password itself, and redaction must have removed at least that one.
  // libpq's parse errors quote a piece of the string; the piece that is the password
  // is masked.
  if (password.find('"') == std::string::npos) {
    km::fuzz::Check(km::RedactQuotedPassword("invalid value: \"" + password + "\"", conninfo) ==
                        "invalid value: \"***\"",
                    "a quoted password is not masked");
  }
  bool written_as_is = IsLibpqUrl(conninfo) ? conninfo.find('%') == std::string::npos
                                            : conninfo.find('\\') == std::string::npos;
  if (!written_as_is) return 0;
  km::fuzz::Check(in_output < in_input,
                  "the password libpq reads is still in the redacted connection string");
  return 0;
}
