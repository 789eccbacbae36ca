#include "git/journal_changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace km::git {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

migrations::Journal JournalOf(std::vector<migrations::JournalEntry> entries) {
  return {"7", "postgresql", std::move(entries)};
}

TEST(CompareJournals, SeparatesAddedEditedAndRemovedEntriesByTag) {
  migrations::Journal base = JournalOf({{0, "7", 100, "0000_users", true},
                                        {1, "7", 200, "0001_sessions", true},
                                        {2, "7", 300, "0002_tokens", true}});
  migrations::Journal head = JournalOf({{0, "7", 100, "0000_users", true},
                                        {1, "7", 250, "0001_sessions", true},
                                        {2, "7", 400, "0003_tags", true},
                                        {3, "7", 500, "0004_likes", false}});

  JournalChanges changes = CompareJournals(base, head);

  EXPECT_THAT(changes.added_tags, ElementsAre("0003_tags", "0004_likes"));
  EXPECT_THAT(changes.edited_tags, ElementsAre("0001_sessions"));
  EXPECT_THAT(changes.removed_tags, ElementsAre("0002_tokens"));
}

TEST(CompareJournals, EveryEntryOfANewJournalIsAdded) {
  JournalChanges changes = CompareJournals({}, JournalOf({{0, "7", 100, "0000_users", true}}));

  EXPECT_THAT(changes.added_tags, ElementsAre("0000_users"));
  EXPECT_THAT(changes.edited_tags, IsEmpty());
  EXPECT_THAT(changes.removed_tags, IsEmpty());
}

}  // namespace
}  // namespace km::git
