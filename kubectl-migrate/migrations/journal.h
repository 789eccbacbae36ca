#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace km::migrations {

// One entry of Drizzle Kit's meta/_journal.json.
struct JournalEntry {
  int64_t idx = 0;
  std::string version;
  int64_t when = 0;  // generation time in Unix ms; drizzle stores it as created_at
  std::string tag;   // file name without .sql
  bool breakpoints = true;
};

struct Journal {
  std::string version;
  std::string dialect;
  std::vector<JournalEntry> entries;  // in file order, which is apply order
};

// Parses and validates a journal. `source` names the file in error messages.
// Rejects: invalid JSON, content after the JSON document, a key repeated in
// one object (JSON.parse would silently keep the last), a dialect other than postgresql, missing or mistyped
// fields, tags that are empty, contain path separators or "..", or repeat.
Result<Journal> ParseJournal(std::string_view json, const std::string& source);

}  // namespace km::migrations
