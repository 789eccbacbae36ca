// Reconciliation of Drizzle Kit v1 migration folders against v1 and 0.x tables.
#include <gtest/gtest.h>

#include "migrations/folder_name.h"
#include "migrations/reconcile.h"
#include "migrations/reconcile_states.h"

namespace km::migrations {
namespace {

using S = MigrationState;

Migration Folder(const std::string& tag, const std::string& sql = "") {
  auto name = ParseFolderName(tag);
  EXPECT_TRUE(name.ok()) << tag;
  JournalEntry entry;
  entry.tag = tag;
  entry.when = name->millis;
  auto migration = MakeMigration(entry, tag + "/migration.sql", sql.empty() ? "SELECT '" + tag + "';" : sql,
                                 Layout::kFolders);
  EXPECT_TRUE(migration.ok());
  return std::move(migration).value();
}

AppliedRow Named(int64_t id, const Migration& m) { return AppliedRow{id, m.hash, m.when, m.tag}; }
AppliedRow Unnamed(int64_t id, const Migration& m, int64_t created_at) {
  return AppliedRow{id, m.hash, created_at, std::nullopt};
}

TEST(ReconcileFolders, MatchesNamedRowsByNameWhateverTheirCreatedAt) {
  std::vector<Migration> ms = {Folder("20261124133532_a"), Folder("20261124133533_b")};
  AppliedRow row = Named(7, ms[1]);
  row.created_at = ms[1].when + 4321;  // not the folder's time: drizzle-orm v1 decides by name alone
  auto r = Reconcile(ms, {row});
  EXPECT_EQ(States(r), (std::vector<S>{S::kOutOfOrder, S::kApplied}));
  EXPECT_TRUE(r.unknown_rows.empty());
}

TEST(ReconcileFolders, ANamedRowWithAnotherHashIsDrift) {
  std::vector<Migration> ms = {Folder("20261124133532_a")};
  AppliedRow row = Named(1, ms[0]);
  row.hash = "0000";
  auto r = Reconcile(ms, {row});
  EXPECT_EQ(States(r), (std::vector<S>{S::kDrifted}));
  EXPECT_EQ(r.statuses[0].row->id, 1);
}

TEST(ReconcileFolders, ANameNoFolderHasIsUnknownEvenWhenItsHashMatchesARenamedFolder) {
  Migration old_name = Folder("20261124133532_a");
  std::vector<Migration> ms = {Folder("20261124133532_renamed", old_name.sql)};
  auto r = Reconcile(ms, {Named(1, old_name)});
  EXPECT_EQ(States(r), (std::vector<S>{S::kOutOfOrder}));
  ASSERT_EQ(r.unknown_rows.size(), 1u);
  EXPECT_EQ(r.unknown_rows[0].name, "20261124133532_a");
}

TEST(ReconcileFolders, UnnamedZeroXRowsMatchTheirFolderAtSecondPrecisionLikeDrizzlesUpgrade) {
  // A 0.x row has the journal's `when` in ms; `drizzle-kit up` named the folder after its second.
  std::vector<Migration> ms = {Folder("20261124133532_a"), Folder("20261124133533_b"),
                               Folder("20261124133534_c")};
  auto r = Reconcile(ms, {Unnamed(1, ms[0], 1795527332082), Unnamed(2, ms[1], 1795527333999)});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kApplied, S::kPending}));
  EXPECT_TRUE(r.unknown_rows.empty());
  AppliedRow edited = Unnamed(3, ms[2], 1795527334500);
  edited.hash = "ffff";
  EXPECT_EQ(States(Reconcile(
                ms, {Unnamed(1, ms[0], 1795527332082), Unnamed(2, ms[1], 1795527333999), edited})),
            (std::vector<S>{S::kApplied, S::kApplied, S::kDrifted}));
}

TEST(ReconcileFolders, MixedNamedAndUnnamedRows) {
  std::vector<Migration> ms = {Folder("20261124133532_a"), Folder("20261124133533_b"),
                               Folder("20261124133540_c")};
  auto r = Reconcile(ms, {Unnamed(1, ms[0], ms[0].when), Named(2, ms[2])});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kOutOfOrder, S::kApplied}));
}

TEST(ReconcileJournal, IgnoresNamesInAV1Table) {
  JournalEntry entry;
  entry.tag = "0000_a";
  entry.when = 1795527332082;
  auto m = MakeMigration(entry, "0000_a.sql", "SELECT 1;");
  ASSERT_TRUE(m.ok());
  std::vector<Migration> ms = {*m};
  auto r = Reconcile(ms, {AppliedRow{1, m->hash, m->when, "20261124133532_a"}});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied}));
  // A truncated created_at is no match for a journal migration (0.x compares exactly) — only by hash.
  auto r2 = Reconcile(ms, {AppliedRow{1, "other", 1795527332000, std::nullopt}});
  EXPECT_EQ(States(r2), (std::vector<S>{S::kPending}));
  EXPECT_EQ(r2.unknown_rows.size(), 1u);
}

}  // namespace
}  // namespace km::migrations
