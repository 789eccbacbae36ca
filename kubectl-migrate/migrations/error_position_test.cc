#include "migrations/error_position.h"

#include <gtest/gtest.h>

namespace km::migrations {
namespace {

TEST(ErrorPositionInFile, CountsFromTheChunkStartInCharactersAndGivesTheFileLine) {
  // The review's example: "relation \"missing_table\" does not exist (at character 14)"
  // for the second chunk, which starts with the newline after the marker.
  std::string file = "SELECT 1;\n--> statement-breakpoint\nINSERT INTO missing_table VALUES (1);\n";
  size_t chunk = file.find("\nINSERT");
  auto at = ErrorPositionInFile(file, chunk, 14);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->line, 3u);
  EXPECT_EQ(at->column, 13u);  // the 'm' of missing_table
  EXPECT_EQ(at->offset, file.find("missing_table"));

  auto first = ErrorPositionInFile(file, 0, 1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->line, 1u);
  EXPECT_EQ(first->column, 1u);
}

TEST(ErrorPositionInFile, CountsCharactersNotBytes) {
  // PostgreSQL counts characters: é is one, though two bytes in UTF-8.
  std::string file = "SELECT 'h\xC3\xA9llo',\n  'd\xC3\xA9j\xC3\xA0', x FROM t;";
  auto at = ErrorPositionInFile(file, 0, 27);  // the x
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->line, 2u);
  EXPECT_EQ(at->column, 11u);
  EXPECT_EQ(file[at->offset], 'x');
}

TEST(ErrorPositionInFile, HandlesCrlfEndOfInputAndNoPosition) {
  std::string file = "SELECT 1;\r\n--> statement-breakpoint\r\nSELECT (;";
  size_t chunk = file.find("\r\nSELECT (");
  auto at = ErrorPositionInFile(file, chunk, 12);  // "syntax error at end of input": one past the end
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->line, 3u);
  EXPECT_EQ(at->column, 10u);
  EXPECT_EQ(at->offset, file.size());
  EXPECT_FALSE(ErrorPositionInFile(file, chunk, 0).has_value());
  EXPECT_FALSE(ErrorPositionInFile(file, chunk, -3).has_value());
  EXPECT_FALSE(ErrorPositionInFile(file, chunk, 500).has_value());
  EXPECT_FALSE(ErrorPositionInFile(file, file.size() + 1, 1).has_value());
}

TEST(ErrorPositionInFile, WorksOnAMigrationStatement) {
  JournalEntry entry;
  entry.tag = "0001_x";
  entry.when = 1;
  auto m = MakeMigration(entry, "m/0001_x.sql",
                         "CREATE TABLE a (id int);\n--> statement-breakpoint\nSELECT * FROM nope;");
  ASSERT_TRUE(m.ok());
  auto at = ErrorPositionInFile(*m, 1, 16);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->line, 3u);
  EXPECT_EQ(at->column, 15u);
  EXPECT_FALSE(ErrorPositionInFile(*m, 2, 1).has_value());
}

}  // namespace
}  // namespace km::migrations
