#include "migrations/reconcile.h"

#include <gtest/gtest.h>

#include "migrations/reconcile_states.h"

namespace km::migrations {
namespace {

Migration Make(const std::string& tag, int64_t when, const std::string& sql = "") {
  JournalEntry entry;
  entry.tag = tag;
  entry.when = when;
  auto migration = MakeMigration(entry, tag + ".sql", sql.empty() ? "SELECT '" + tag + "';" : sql);
  EXPECT_TRUE(migration.ok()) << migration.error().message;
  return std::move(migration).value();
}

AppliedRow Row(int64_t id, const Migration& m) { return AppliedRow{id, m.hash, m.when, std::nullopt}; }

using S = MigrationState;

TEST(Reconcile, FreshDatabaseHasEverythingPending) {
  std::vector<Migration> ms = {Make("a", 100), Make("b", 200)};
  auto r = Reconcile(ms, {});
  EXPECT_EQ(States(r), (std::vector<S>{S::kPending, S::kPending}));
  EXPECT_EQ(r.SchemaVersion(), nullptr);
  EXPECT_FALSE(r.newest_row.has_value());
}

TEST(Reconcile, AppliedThenPending) {
  std::vector<Migration> ms = {Make("a", 100), Make("b", 200), Make("c", 300)};
  auto r = Reconcile(ms, {Row(1, ms[0]), Row(2, ms[1])});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kApplied, S::kPending}));
  ASSERT_NE(r.SchemaVersion(), nullptr);
  EXPECT_EQ(r.SchemaVersion()->migration->tag, "b");
  EXPECT_EQ(r.Count(S::kApplied), 2u);
  EXPECT_TRUE(r.unknown_rows.empty());
}

TEST(Reconcile, EditedAppliedFileIsDrift) {
  std::vector<Migration> ms = {Make("a", 100, "CREATE TABLE a (id int);")};
  AppliedRow row{1, "0000000000000000000000000000000000000000000000000000000000000000", 100, std::nullopt};
  auto r = Reconcile(ms, {row});
  EXPECT_EQ(States(r), (std::vector<S>{S::kDrifted}));
  ASSERT_TRUE(r.statuses[0].row.has_value());
  EXPECT_EQ(r.statuses[0].row->hash, row.hash);
}

TEST(Reconcile, OlderUnappliedMigrationIsOutOfOrderNotPending) {
  // A branch merged a migration generated before the newest applied one:
  // drizzle-orm would skip it silently.
  std::vector<Migration> ms = {Make("a", 100), Make("late", 150), Make("b", 200)};
  auto r = Reconcile(ms, {Row(1, ms[0]), Row(2, ms[2])});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kOutOfOrder, S::kApplied}));
}

TEST(Reconcile, SameWhenAsNewestRowCountsAsOutOfOrderLikeDrizzle) {
  std::vector<Migration> ms = {Make("a", 100), Make("twin", 100, "SELECT 2;")};
  auto r = Reconcile(ms, {Row(1, ms[0])});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kOutOfOrder}));
}

TEST(Reconcile, RowsWithoutFilesAreUnknown) {
  std::vector<Migration> ms = {Make("a", 100)};
  AppliedRow stranger{7, "abc", 999, std::nullopt};
  AppliedRow no_when{8, "def", std::nullopt, std::nullopt};
  auto r = Reconcile(ms, {Row(1, ms[0]), stranger, no_when});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied}));
  ASSERT_EQ(r.unknown_rows.size(), 2u);
  EXPECT_EQ(r.unknown_rows[0].id, 7);
  EXPECT_EQ(r.unknown_rows[1].id, 8);
  EXPECT_EQ(*r.newest_row->created_at, 999);
}

TEST(Reconcile, ExactMatchWinsOverDriftForIdenticalWhen) {
  std::vector<Migration> ms = {Make("x", 100, "SELECT 1;"), Make("y", 100, "SELECT 2;")};
  auto r = Reconcile(ms, {Row(1, ms[1]), Row(2, ms[0])});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kApplied}));
  EXPECT_EQ(r.statuses[0].row->id, 2);
  EXPECT_EQ(r.statuses[1].row->id, 1);
}

TEST(Reconcile, SameHashWithChangedWhenIsStillApplied) {
  std::vector<Migration> ms = {Make("a", 500)};
  AppliedRow row{1, ms[0].hash, 100, std::nullopt};
  auto r = Reconcile(ms, {row});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied}));
}

TEST(Reconcile, TwoUnmatchedMigrationsSharingAWhenAreAmbiguousNotGuessed) {
  // The review's case: a and b share a when, only b was applied, then b's
  // file was edited. The row could be either one's: drift for a (never
  // applied) and out-of-order for b (applied) was a wrong guess.
  std::vector<Migration> ms = {Make("0000_a", 100, "SELECT 'a';"),
                               Make("0001_b", 100, "SELECT 'b, edited';")};
  AppliedRow old_b{3, Make("b", 100, "SELECT 'b';").hash, 100, std::nullopt};
  auto r = Reconcile(ms, {old_b});
  EXPECT_EQ(States(r), (std::vector<S>{S::kAmbiguous, S::kAmbiguous}));
  EXPECT_FALSE(r.statuses[0].row.has_value());
  // The row matches no migration: it stays unknown, so a caller that does not
  // know about ambiguities still refuses to run.
  ASSERT_EQ(r.unknown_rows.size(), 1u);
  EXPECT_EQ(r.unknown_rows[0].id, 3);
  ASSERT_EQ(r.ambiguities.size(), 1u);
  const Ambiguity& a = r.ambiguities[0];
  EXPECT_EQ(a.when, 100);
  ASSERT_EQ(a.migrations.size(), 2u);
  EXPECT_EQ(a.migrations[0]->tag, "0000_a");
  EXPECT_EQ(a.migrations[1]->tag, "0001_b");
  ASSERT_EQ(a.rows.size(), 1u);
  EXPECT_EQ(a.rows[0].id, 3);
  std::string message = a.Describe();
  EXPECT_NE(message.find("0000_a and 0001_b"), std::string::npos) << message;
  EXPECT_NE(message.find("row id 3"), std::string::npos) << message;
  EXPECT_NE(message.find("cannot tell which"), std::string::npos) << message;
  EXPECT_STREQ(StateName(S::kAmbiguous), "ambiguous");
}

TEST(Reconcile, PrefersDriftForTheMigrationWhoseHashMatchesNoOtherRow) {
  // a's row has another when (its journal entry was regenerated); b was
  // edited. The row with the shared when can only be b's.
  std::vector<Migration> ms = {Make("a", 100, "SELECT 'a';"), Make("b", 100, "SELECT 'b, edited';")};
  AppliedRow a_row{1, ms[0].hash, 50, std::nullopt};
  AppliedRow old_b{2, Make("b", 100, "SELECT 'b';").hash, 100, std::nullopt};
  auto r = Reconcile(ms, {a_row, old_b});
  EXPECT_EQ(States(r), (std::vector<S>{S::kApplied, S::kDrifted}));
  EXPECT_EQ(r.statuses[0].row->id, 1);
  EXPECT_EQ(r.statuses[1].row->id, 2);
  EXPECT_TRUE(r.ambiguities.empty());
}

TEST(Reconcile, AnAmbiguousRowIsClaimedByNoOtherMigration) {
  // c's content equals the contested row's, under another when: still not
  // a reason to pick for a and b; the row stays out of everyone's hands.
  std::vector<Migration> ms = {Make("a", 100, "SELECT 'a';"), Make("b", 100, "SELECT 'b';"),
                               Make("c", 200, "SELECT 'c';")};
  AppliedRow row{9, ms[2].hash, 100, std::nullopt};
  auto r = Reconcile(ms, {row});
  EXPECT_EQ(States(r), (std::vector<S>{S::kAmbiguous, S::kAmbiguous, S::kPending}));
  ASSERT_EQ(r.unknown_rows.size(), 1u);
  EXPECT_EQ(r.unknown_rows[0].id, 9);
}

TEST(Reconcile, SharedWhenWithoutARowToClaimIsNotAmbiguous) {
  std::vector<Migration> ms = {Make("a", 100), Make("b", 100)};
  auto r = Reconcile(ms, {});
  EXPECT_EQ(States(r), (std::vector<S>{S::kPending, S::kPending}));
  EXPECT_TRUE(r.ambiguities.empty());
}

TEST(MakeMigration, DetectsNoTransactionNeedsAndHashesTheExactBytes) {
  auto plain = Make("a", 1, "CREATE TABLE t (id int);");
  EXPECT_EQ(plain.no_transaction_reason, "");
  EXPECT_EQ(plain.hash, "32a1db02f656154be7fa359e4878a6f2770ee9269d598f0557c940690d614a23");  // sha256sum of the file text
  auto concurrent = Make("b", 2, "CREATE TABLE t (id int);\n--> statement-breakpoint\n"
                                 "CREATE INDEX CONCURRENTLY i ON t (id);");
  EXPECT_EQ(concurrent.statements.size(), 2u);
  EXPECT_NE(concurrent.no_transaction_reason.find("statement 2"), std::string::npos);
  auto marked = Make("c", 3, "-- kubectl-migrate:no-transaction\nALTER TYPE e ADD VALUE 'x';");
  EXPECT_NE(marked.no_transaction_reason.find("marked"), std::string::npos);
}

TEST(MakeMigration, FindsANoTransactionStatementAfterTheFirstOfAChunk) {
  // breakpoints: false journals give one chunk per file.
  JournalEntry entry;
  entry.tag = "0003_index";
  entry.when = 3;
  auto mixed = MakeMigration(entry, "m/0003_index.sql",
                             "CREATE TABLE t (id int);\n--> statement-breakpoint\n"
                             "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (id);");
  ASSERT_FALSE(mixed.ok()) << "a chunk mixing CREATE INDEX CONCURRENTLY with SET must be refused";
  EXPECT_EQ(mixed.error().code, ExitCode::kValidation);
  EXPECT_NE(mixed.error().message.find("m/0003_index.sql"), std::string::npos) << mixed.error().message;
  EXPECT_NE(mixed.error().message.find("statement 2"), std::string::npos) << mixed.error().message;
  EXPECT_NE(mixed.error().message.find("--> statement-breakpoint"), std::string::npos);
}

TEST(MakeMigration, IgnoresTheDirectiveInsideAFunctionBody) {
  auto body = Make("d", 4, "CREATE FUNCTION f() RETURNS int AS $$\n-- kubectl-migrate:no-transaction\n"
                           "SELECT 1\n$$ LANGUAGE sql;");
  EXPECT_EQ(body.no_transaction_reason, "");
}

TEST(MakeMigration, RecordsWhereEachStatementStartsInTheFile) {
  std::string sql = "SELECT 1;\n--> statement-breakpoint\nSELECT 2;";
  auto m = Make("e", 5, sql);
  ASSERT_EQ(m.statements.size(), 2u);
  ASSERT_EQ(m.statement_offsets.size(), 2u);
  EXPECT_EQ(m.statement_offsets[0], 0u);
  EXPECT_EQ(m.statement_offsets[1], sql.find("\nSELECT 2"));
}

}  // namespace
}  // namespace km::migrations
