#include "git/journal_changes.h"

#include <map>

namespace km::git {

JournalChanges CompareJournals(const migrations::Journal& base, const migrations::Journal& head) {
  std::map<std::string, const migrations::JournalEntry*> base_by_tag;
  for (const migrations::JournalEntry& entry : base.entries) base_by_tag[entry.tag] = &entry;

  JournalChanges changes;
  for (const migrations::JournalEntry& entry : head.entries) {
    auto found = base_by_tag.find(entry.tag);
    if (found == base_by_tag.end()) {
      changes.added_tags.push_back(entry.tag);
      continue;
    }
    const migrations::JournalEntry& before = *found->second;
    if (before.idx != entry.idx || before.when != entry.when ||
        before.breakpoints != entry.breakpoints) {
      changes.edited_tags.push_back(entry.tag);
    }
    base_by_tag.erase(found);
  }
  for (const migrations::JournalEntry& entry : base.entries) {
    if (base_by_tag.contains(entry.tag)) changes.removed_tags.push_back(entry.tag);
  }
  return changes;
}

}  // namespace km::git
