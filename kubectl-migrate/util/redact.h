#pragma once

#include <string>
#include <string_view>

namespace km {

// Hides the password of a PostgreSQL connection string, in both URL form
// (postgres://user:secret@host/db, ?password=secret) and keyword/value form
// (host=x password=secret). Everything else is kept so the result still says
// which database is meant. Every password libpq would use is masked, found as
// libpq finds it (fe-connect.c): a URL's userinfo up to the first '@' before
// the first '/' (so raw '#', '?' or ':' in a password are hidden too), its
// query where libpq's host parsing ends; keyword/value tokens with quotes and
// backslash escapes. So is what was evidently meant where libpq reads it
// otherwise: when a raw '@' or '/' in the password leaves no host list after
// libpq's '@', the userinfo up to the last '@' followed by one; a query
// password with a raw '&'; "password=" at the start of any word. Overlapping
// pieces are masked as one ("postgres://u:p@ss?password=@db" → "postgres://u:***").
std::string RedactConnectionString(std::string_view conninfo);

// "" when libpq reads the password of a URL the way it was evidently meant.
// Otherwise why not (a raw '@' or '/' in the password: libpq ends the password
// at the first '@' and the userinfo before the first '/', then connects with
// a piece of the password as host, port or database name, which its errors
// and the server's then print). Names no part of the password.
std::string UrlPasswordProblem(std::string_view conninfo);

// Masks a double-quoted token of `message` that is exactly the password of
// `conninfo` (as written, or percent-decoded): for libpq's errors about a
// connection string it could not parse, which quote the offending piece
// ("invalid percent-encoded token: \"...\""). Do not use it on other
// messages: an equal token there (a user name that is also the password)
// would be masked and so give the password away. libpq never prints the
// password of a connection string it parsed.
std::string RedactQuotedPassword(std::string_view message, std::string_view conninfo);

// Free text (a log line kept for later): every postgres:// or postgresql:// URL in it
// (up to the next space or quote) redacted as RedactConnectionString does, and every
// `password=VALUE` that starts a word masked.
std::string RedactSecretsInText(std::string_view text);


}  // namespace km
