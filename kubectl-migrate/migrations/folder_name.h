#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace km::migrations {

// A Drizzle Kit v1 migration folder name: "<YYYYMMDDhhmmss>_<name>", the
// timestamp in UTC as `drizzle-kit generate` writes it.
struct FolderName {
  std::string tag;      // the whole folder name; drizzle-orm v1 stores it as `name`
  int64_t millis = 0;   // the timestamp as Unix ms; drizzle-orm v1 stores it as created_at
};

// Parses a folder name. drizzle-orm v1 reads created_at as
// Date.UTC(parseInt of each 2/4-digit field of name.slice(0, 14)); for a
// valid date and time that is exactly what this computes. Refuses (kValidation)
// what drizzle would turn into NaN or a shifted date: fewer than 14 digits,
// month 13, 31 April, 24:00:00, no "_<name>" after the timestamp.
Result<FolderName> ParseFolderName(std::string_view name);

// The folder timestamp `drizzle-kit up` gives a 0.x journal entry: its `when`
// in UTC, seconds precision ("20261124133532").
std::string FolderTimestamp(int64_t unix_millis);

// The folder name `drizzle-kit up` makes of a 0.x journal entry:
// FolderTimestamp(when) + "_" + the tag after its first "_" ("0000_init" →
// "20261124133532_init"). A 0.x row gets this name when written to a v1 table.
std::string UpgradedFolderName(std::string_view tag, int64_t when);

// created_at as drizzle-orm v1 matches it against a folder while upgrading a
// 0.x table: truncated to whole seconds.
int64_t TruncateToSeconds(int64_t unix_millis);

}  // namespace km::migrations
