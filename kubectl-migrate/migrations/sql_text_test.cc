#include "migrations/sql_text.h"

#include <gtest/gtest.h>

#include <string_view>

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

TEST(SplitChunks, GivesEachChunkItsByteOffsetInTheFile) {
  std::string sql = "-- only a comment\n--> statement-breakpoint\nCREATE TABLE \"h\xC3\xA9\" (id int);\n"
                    "--> statement-breakpoint\nCREATE TABLE b (id int);";
  auto chunks = SplitChunks(sql);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].offset, sql.find("\nCREATE TABLE \"h"));
  EXPECT_EQ(chunks[0].text, "\nCREATE TABLE \"h\xC3\xA9\" (id int);\n");
  EXPECT_EQ(chunks[1].offset, sql.find("\nCREATE TABLE b"));
  EXPECT_EQ(sql.substr(chunks[1].offset, chunks[1].text.size()), chunks[1].text);
  EXPECT_EQ(SplitChunks("SELECT 1;")[0].offset, 0u);
}

TEST(TopLevelStatements, SplitsOnSemicolonsOutsideLiteralsCommentsBodiesAndParentheses) {
  auto count = [](std::string_view chunk) { return TopLevelStatements(chunk).size(); };
  EXPECT_EQ(count("SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (c);"), 2u);
  EXPECT_EQ(count("SELECT ';', \";\", E'\\';', $$;$$, $f$ ; $f$; -- ;\n/* ; */"), 1u);
  EXPECT_EQ(count("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN PERFORM 1; RETURN 2; END $body$ "
                  "LANGUAGE plpgsql;"),
            1u);
  EXPECT_EQ(count("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                  "INSERT INTO b VALUES (2));"),
            1u);
  EXPECT_EQ(count("SELECT 1;;  ;\n-- trailing note\n"), 1u);
  EXPECT_EQ(count("-- nothing\n"), 0u);
  auto statements = TopLevelStatements("SELECT 1; SELECT 2");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0], "SELECT 1;");
  EXPECT_EQ(statements[1], " SELECT 2");
}

TEST(ChunkNoTransactionReason, LooksAtEveryStatementOfTheChunk) {
  auto reason = ChunkNoTransactionReason("SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (c);");
  ASSERT_FALSE(reason.ok()) << "missed the second statement";
  EXPECT_EQ(reason.error().code, ExitCode::kValidation);
  EXPECT_NE(reason.error().message.find("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"),
            std::string::npos)
      << reason.error().message;
  EXPECT_NE(reason.error().message.find("put a `--> statement-breakpoint` line before it"),
            std::string::npos)
      << reason.error().message;

  auto first = ChunkNoTransactionReason("CREATE INDEX CONCURRENTLY i ON t (c);\nANALYZE t;");
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().message.find("line after it"), std::string::npos) << first.error().message;
  auto middle = ChunkNoTransactionReason("SELECT 1; VACUUM t; SELECT 2;");
  ASSERT_FALSE(middle.ok());
  EXPECT_NE(middle.error().message.find("before and after it"), std::string::npos) << middle.error().message;
}

TEST(ChunkNoTransactionReason, AcceptsAStatementAloneOrInsideABody) {
  auto alone = ChunkNoTransactionReason("\n-- why\nCREATE INDEX CONCURRENTLY i ON t (c); -- done\n");
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(*alone, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
  auto body = ChunkNoTransactionReason(
      "DO $$ BEGIN EXECUTE 'CREATE INDEX CONCURRENTLY i ON t (c)'; END $$;\nSELECT 1;");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, "");
  auto plain = ChunkNoTransactionReason("CREATE TABLE t (id int); CREATE INDEX i ON t (id);");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "");
}

TEST(HasNoTransactionDirective, OnlyAsATopLevelComment) {
  // A line inside a function body or a string literal is not a directive.
  EXPECT_FALSE(HasNoTransactionDirective(
      "CREATE FUNCTION f() RETURNS text AS $$\n-- kubectl-migrate:no-transaction\nSELECT 'x'\n$$ "
      "LANGUAGE sql;"));
  EXPECT_FALSE(HasNoTransactionDirective("SELECT '\n-- kubectl-migrate:no-transaction\n';"));
  EXPECT_FALSE(HasNoTransactionDirective("/*\n-- kubectl-migrate:no-transaction\n*/ SELECT 1;"));
  // In a chunk of its own (comment-only chunks run nowhere, but still count).
  EXPECT_TRUE(HasNoTransactionDirective(
      "-- kubectl-migrate:no-transaction\n--> statement-breakpoint\nALTER TYPE e ADD VALUE 'x';"));
  EXPECT_TRUE(HasNoTransactionDirective(
      "ALTER TYPE e ADD VALUE 'x';\n--> statement-breakpoint\n  -- kubectl-migrate:no-transaction\r\n"));
  // Not on a line of its own: as before, not a directive.
  EXPECT_FALSE(HasNoTransactionDirective("SELECT 1; -- kubectl-migrate:no-transaction\n"));
}

}  // namespace
}  // namespace km::migrations
