#pragma once

#include <string>
#include <string_view>

namespace km {

// Lowercase hex SHA-256 of the bytes, as drizzle-orm stores migration hashes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace km
