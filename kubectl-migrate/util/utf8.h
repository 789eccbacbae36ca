#pragma once

#include <string>
#include <string_view>

namespace km {

// Decodes bytes as UTF-8 the way Node.js does (WHATWG decoder: each maximal
// invalid subsequence becomes U+FFFD) and re-encodes them. Valid UTF-8 comes
// back unchanged. drizzle-orm reads migration files this way before hashing
// and running them, so matching its hashes needs the same text.
std::string NormalizeUtf8LikeNode(std::string_view bytes);

}  // namespace km
