#pragma once

// What changed in Drizzle's meta/_journal.json between two commits.

#include <string>
#include <vector>

#include "migrations/journal.h"

namespace km::git {

struct JournalChanges {
  std::vector<std::string> added_tags;    // at head but not at base, in head order
  std::vector<std::string> edited_tags;   // at both, with a different idx, when or breakpoints
  std::vector<std::string> removed_tags;  // at base but not at head
};

// Entries are matched by tag. `base` is empty when the journal is new.
JournalChanges CompareJournals(const migrations::Journal& base, const migrations::Journal& head);

}  // namespace km::git
