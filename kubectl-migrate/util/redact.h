#pragma once

#include <string>
#include <string_view>

namespace km {

// Hides the password of a PostgreSQL connection string, in both URL form
// (postgres://user:secret@host/db, ?password=secret) and keyword/value form
// (host=x password=secret). Everything else is kept so the result still says
// which database is meant.
std::string RedactConnectionString(std::string_view conninfo);

// Replaces every occurrence of `secret` in `text` with "***" (no-op when the
// secret is empty). For messages that may echo a password back, e.g. libpq's.
std::string RedactSecret(std::string_view text, std::string_view secret);

}  // namespace km
