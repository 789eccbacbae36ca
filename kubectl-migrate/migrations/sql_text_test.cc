#include "migrations/sql_text.h"

#include <gtest/gtest.h>

namespace km::migrations {
namespace {

using Strings = std::vector<std::string>;

TEST(SplitStatements, SplitsLikeDrizzleOnTheBreakpointMarker) {
  std::string sql =
      "CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE b (id int);";
  EXPECT_EQ(SplitStatements(sql),
            (Strings{"CREATE TABLE a (id int);\n", "\nCREATE TABLE b (id int);"}));
}

TEST(SplitStatements, DropsEmptyAndCommentOnlyChunks) {
  std::string sql = "--> statement-breakpoint\n  \n--> statement-breakpoint\n-- just a note\n"
                    "/* block */--> statement-breakpoint\nSELECT 1;";
  EXPECT_EQ(SplitStatements(sql), (Strings{"\nSELECT 1;"}));
  EXPECT_TRUE(SplitStatements("").empty());
  EXPECT_TRUE(SplitStatements("   \n\t").empty());
}

TEST(SplitStatements, MarkerInsideStringIsStillASplitLikeDrizzle) {
  // drizzle-orm splits on the raw text; we must split the same chunks.
  auto statements = SplitStatements("SELECT '--> statement-breakpoint';");
  EXPECT_EQ(statements, (Strings{"SELECT '", "';"}));
}

TEST(SplitStatements, KeepsBytesExactlyIncludingCrlfAndUnicode) {
  std::string sql = "INSERT INTO t VALUES ('h\xC3\xA9llo');\r\n--> statement-breakpoint\r\nSELECT 2;\r\n";
  EXPECT_EQ(SplitStatements(sql),
            (Strings{"INSERT INTO t VALUES ('h\xC3\xA9llo');\r\n", "\r\nSELECT 2;\r\n"}));
}

TEST(LeadingKeywords, SkipsCommentsStringsAndQuotedIdentifiers) {
  EXPECT_EQ(LeadingKeywords("-- c\n/* a /* nested */ b */ create\tunique index", 3),
            (Strings{"CREATE", "UNIQUE", "INDEX"}));
  EXPECT_EQ(LeadingKeywords("select 'concurrently', \"vacuum\", $$ drop $$, $q$x$q$, E'\\' vacuum' from t", 5),
            (Strings{"SELECT", "FROM", "T"}));
  EXPECT_EQ(LeadingKeywords("select $1 + x", 5), (Strings{"SELECT", "X"}));
  EXPECT_TRUE(LeadingKeywords("/* unterminated", 3).empty());
  EXPECT_EQ(LeadingKeywords("select 'unterminated", 3), (Strings{"SELECT"}));
}

TEST(NoTransactionReason, RecognisesStatementsThatCannotRunInATransaction) {
  EXPECT_NE(NoTransactionReason("CREATE INDEX CONCURRENTLY i ON t (c);"), "");
  EXPECT_NE(NoTransactionReason("create unique index concurrently if not exists i on t(c)"), "");
  EXPECT_NE(NoTransactionReason("\n-- why\nDROP INDEX CONCURRENTLY i;"), "");
  EXPECT_NE(NoTransactionReason("REINDEX (VERBOSE) TABLE CONCURRENTLY t;"), "");
  EXPECT_NE(NoTransactionReason("ALTER TABLE p DETACH PARTITION c CONCURRENTLY;"), "");
  EXPECT_NE(NoTransactionReason("VACUUM ANALYZE t;"), "");
  EXPECT_NE(NoTransactionReason("CREATE DATABASE x;"), "");
  EXPECT_NE(NoTransactionReason("ALTER SYSTEM SET work_mem = '8MB';"), "");
}

TEST(NoTransactionReason, IgnoresLookalikes) {
  EXPECT_EQ(NoTransactionReason("CREATE INDEX i ON t (c);"), "");
  EXPECT_EQ(NoTransactionReason("CREATE INDEX \"concurrently\" ON t (c);"), "");
  EXPECT_EQ(NoTransactionReason("-- CREATE INDEX CONCURRENTLY x\nCREATE TABLE t (id int);"), "");
  EXPECT_EQ(NoTransactionReason("INSERT INTO log VALUES ('VACUUM');"), "");
  EXPECT_EQ(NoTransactionReason("REFRESH MATERIALIZED VIEW CONCURRENTLY v;"), "");
  EXPECT_EQ(NoTransactionReason(""), "");
}

TEST(HasNoTransactionDirective, NeedsALineOfItsOwn) {
  EXPECT_TRUE(HasNoTransactionDirective("-- kubectl-migrate:no-transaction\nALTER TYPE e ADD VALUE 'x';"));
  EXPECT_TRUE(HasNoTransactionDirective("SELECT 1;\n   -- kubectl-migrate:no-transaction   \r\n"));
  EXPECT_FALSE(HasNoTransactionDirective("SELECT '-- kubectl-migrate:no-transaction';"));
  EXPECT_FALSE(HasNoTransactionDirective("-- kubectl-migrate:no-transactions\n"));
}

}  // namespace
}  // namespace km::migrations
