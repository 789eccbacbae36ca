#pragma once

#include <string>
#include <string_view>

namespace km {

// Decodes bytes as UTF-8 the way Node.js does (WHATWG decoder: each maximal
// invalid subsequence becomes U+FFFD) and re-encodes them. Valid UTF-8 comes
// back unchanged. drizzle-orm reads migration files this way before hashing
// and running them, so matching its hashes needs the same text.
std::string NormalizeUtf8LikeNode(std::string_view bytes);

// The length (1–4) of the well-formed UTF-8 sequence that starts at text[at], or 0 when
// none does there (no overlong forms, surrogates or code points past U+10FFFF: the
// sequences NormalizeUtf8LikeNode keeps).
size_t Utf8SequenceLength(std::string_view text, size_t at);

}  // namespace km
