#include "migrations/folder_name.h"

#include <gtest/gtest.h>

namespace km::migrations {
namespace {

TEST(ParseFolderName, ComputesCreatedAtLikeDrizzleOrmV1DateUtc) {
  // Date.UTC(2026, 10, 24, 13, 35, 32) in Node.
  auto folder = ParseFolderName("20261124133532_init");
  ASSERT_TRUE(folder.ok()) << folder.error().message;
  EXPECT_EQ(folder->millis, 1795527332000);
  EXPECT_EQ(folder->tag, "20261124133532_init");
  EXPECT_EQ(ParseFolderName("19700101000000_epoch")->millis, 0);
  EXPECT_EQ(ParseFolderName("20240229235959_leap_day")->millis, 1709251199000);
  EXPECT_EQ(ParseFolderName("21000301000000_x")->millis, 4107542400000);
}

TEST(ParseFolderName, RefusesWhatDrizzleWouldTurnIntoNaNOrAnotherDate) {
  for (const char* name : {"", "2026112413353_init", "2026112413353a_init", "20261124133532", "20261124133532_",
                           "20261124133532-init", "20261324133532_month13", "20260431000000_april31",
                           "20250229000000_not_leap", "20261124240000_hour24", "20261124136000_min60",
                           "20261124133560_sec60", "19691231235959_before_epoch", "0000_index_prefix"}) {
    auto folder = ParseFolderName(name);
    ASSERT_FALSE(folder.ok()) << name;
    EXPECT_EQ(folder.error().code, ExitCode::kValidation);
    EXPECT_NE(folder.error().message.find("<YYYYMMDDhhmmss>_<name>"), std::string::npos);
  }
}

TEST(FolderTimestamp, IsTheInverseAtSecondPrecisionLikeDrizzleKitUp) {
  EXPECT_EQ(FolderTimestamp(1795527332082), "20261124133532");
  EXPECT_EQ(FolderTimestamp(0), "19700101000000");
  EXPECT_EQ(FolderTimestamp(1709251199999), "20240229235959");
  EXPECT_EQ(UpgradedFolderName("0000_create_authors", 1795527332082), "20261124133532_create_authors");
  EXPECT_EQ(UpgradedFolderName("20261124133532_a_b", 1795527332999), "20261124133532_a_b");
  EXPECT_EQ(UpgradedFolderName("_add_books", 1795527332000), "20261124133532_add_books");
  EXPECT_EQ(ParseFolderName(UpgradedFolderName("0001_x", 1795527333456))->millis, 1795527333000);
}

TEST(TruncateToSeconds, DropsTheMillisecondsLikeDrizzlesUpgrade) {
  EXPECT_EQ(TruncateToSeconds(1795527332082), 1795527332000);
  EXPECT_EQ(TruncateToSeconds(1795527332000), 1795527332000);
  EXPECT_EQ(TruncateToSeconds(999), 0);
}

}  // namespace
}  // namespace km::migrations
