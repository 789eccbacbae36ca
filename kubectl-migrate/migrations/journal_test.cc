#include "migrations/journal.h"

#include <gtest/gtest.h>

namespace km::migrations {
namespace {

constexpr const char* kValid = R"({"version":"7","dialect":"postgresql","entries":[
  {"idx":0,"version":"7","when":1795527332082,"tag":"20261124133532_init","breakpoints":true},
  {"idx":1,"version":"7","when":1795527400000,"tag":"20261124133640_more","breakpoints":false}]})";

TEST(ParseJournal, ReadsDrizzleKitJournal) {
  auto journal = ParseJournal(kValid, "meta/_journal.json");
  ASSERT_TRUE(journal.ok()) << journal.error().message;
  EXPECT_EQ(journal->dialect, "postgresql");
  ASSERT_EQ(journal->entries.size(), 2u);
  EXPECT_EQ(journal->entries[0].tag, "20261124133532_init");
  EXPECT_EQ(journal->entries[0].when, 1795527332082);
  EXPECT_TRUE(journal->entries[0].breakpoints);
  EXPECT_EQ(journal->entries[1].idx, 1);
  EXPECT_FALSE(journal->entries[1].breakpoints);
}

TEST(ParseJournal, KeepsFileOrderEvenWhenWhenGoesBackwards) {
  auto journal = ParseJournal(
      R"({"entries":[{"idx":0,"when":200,"tag":"b"},{"idx":1,"when":100,"tag":"a"}]})", "j");
  ASSERT_TRUE(journal.ok());
  EXPECT_EQ(journal->entries[0].tag, "b");
  EXPECT_EQ(journal->entries[1].tag, "a");
}

TEST(ParseJournal, EmptyEntriesIsValid) {
  auto journal = ParseJournal(R"({"version":"7","dialect":"postgresql","entries":[]})", "j");
  ASSERT_TRUE(journal.ok());
  EXPECT_TRUE(journal->entries.empty());
}

TEST(ParseJournal, RejectsHostileInputWithValidationErrorsNamingTheFile) {
  struct Case {
    const char* json;
    const char* message_part;
  };
  const Case cases[] = {
      {"", "invalid JSON at line 1, column 1"},
      {"{\"entries\": [\n{\"idx\":0,", "invalid JSON at line 2"},
      {"[]", "not a JSON object"},
      {"{}", "\"entries\" missing"},
      {R"({"entries":{}})", "\"entries\" missing or not an array"},
      {R"({"dialect":"mysql","entries":[]})", "only postgresql is supported"},
      {R"({"entries":[1]})", "entries[0]: not an object"},
      {R"({"entries":[{"idx":0,"when":1}]})", "entries[0]: \"tag\" missing"},
      {R"({"entries":[{"idx":0,"when":1,"tag":""}]})", "is not a plain file name"},
      {R"({"entries":[{"idx":0,"when":1,"tag":"../../etc/passwd"}]})", "is not a plain file name"},
      {R"({"entries":[{"idx":0,"when":1,"tag":"a/b"}]})", "is not a plain file name"},
      {R"({"entries":[{"idx":0,"when":"1","tag":"a"}]})", "\"when\" missing or not a positive"},
      {R"({"entries":[{"idx":0,"when":-5,"tag":"a"}]})", "\"when\" missing or not a positive"},
      {R"({"entries":[{"idx":0,"when":1.5,"tag":"a"}]})", "\"when\" missing or not a positive"},
      {R"({"entries":[{"when":1,"tag":"a"}]})", "\"idx\" missing"},
      {R"({"entries":[{"idx":0,"when":1,"tag":"a","breakpoints":"yes"}]})", "\"breakpoints\" is not"},
      {R"({"entries":[{"idx":0,"when":1,"tag":"a"},{"idx":1,"when":2,"tag":"a"}]})",
       "tag \"a\" appears more than once"},
      {R"({"entries":[{"idx":0,"when":99999999999999999999,"tag":"a"}]})", "\"when\""},
  };
  for (const Case& c : cases) {
    auto journal = ParseJournal(c.json, "migrations/meta/_journal.json");
    ASSERT_FALSE(journal.ok()) << c.json;
    EXPECT_EQ(journal.error().code, ExitCode::kValidation);
    EXPECT_EQ(journal.error().message.rfind("migrations/meta/_journal.json: ", 0), 0u)
        << journal.error().message;
    EXPECT_NE(journal.error().message.find(c.message_part), std::string::npos)
        << c.json << " -> " << journal.error().message;
  }
}

TEST(ParseJournal, RejectsContentAfterTheJournalLikeJsonParse) {
  // Two journals concatenated by a bad merge: drizzle's JSON.parse fails on the
  // second one; reading only the first would silently skip 0001_b.
  std::string twice = R"({"entries":[{"idx":0,"when":1,"tag":"0000_a"}]})"
                      "\n"
                      R"({"entries":[{"idx":0,"when":1,"tag":"0000_a"},{"idx":1,"when":2,"tag":"0001_b"}]})";
  auto journal = ParseJournal(twice, "m/meta/_journal.json");
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.error().code, ExitCode::kValidation);
  EXPECT_NE(journal.error().message.find("m/meta/_journal.json: "), std::string::npos);
  EXPECT_NE(journal.error().message.find("line 2, column 1"), std::string::npos) << journal.error().message;
  EXPECT_NE(journal.error().message.find("after the JSON document"), std::string::npos)
      << journal.error().message;

  EXPECT_FALSE(ParseJournal(R"({"entries":[]} x)", "j").ok());
  EXPECT_FALSE(ParseJournal(R"({"entries":[]}})", "j").ok());
  EXPECT_TRUE(ParseJournal("{\"entries\":[]}\n\r\n\t  ", "j").ok());  // whitespace is fine
}

TEST(ParseJournal, RejectsDuplicateKeysNamingTheKey) {
  struct Case {
    const char* json;
    const char* message_part;
  };
  const Case cases[] = {
      // drizzle's JSON.parse keeps the last "entries" (two migrations); a reader
      // that keeps the first would see one. Neither guess is safe: refuse.
      {R"({"entries":[{"idx":0,"when":1,"tag":"0000_a"}],
           "entries":[{"idx":0,"when":1,"tag":"0000_a"},{"idx":1,"when":2,"tag":"0001_b"}]})",
       "duplicate key \"entries\" in the journal object"},
      {R"({"entries":[{"idx":0,"when":1,"tag":"a","when":2}]})",
       "duplicate key \"when\" in entries[0]"},
      {R"({"dialect":"postgresql","dialect":"mysql","entries":[]})", "duplicate key \"dialect\""},
  };
  for (const Case& c : cases) {
    auto journal = ParseJournal(c.json, "m/meta/_journal.json");
    ASSERT_FALSE(journal.ok()) << c.json;
    EXPECT_EQ(journal.error().code, ExitCode::kValidation);
    EXPECT_EQ(journal.error().message.rfind("m/meta/_journal.json: ", 0), 0u) << journal.error().message;
    EXPECT_NE(journal.error().message.find(c.message_part), std::string::npos)
        << c.json << " -> " << journal.error().message;
  }
}

// Found by review while fuzzing (libFuzzer's inputs stay below 4 KB): rapidjson parses
// recursively, so a megabyte of '[' overflowed the stack and ended the process.
TEST(ParseJournal, DeeplyNestedJsonIsAValidationErrorNotACrash) {
  auto journal = ParseJournal(std::string(1 << 20, '['), "meta/_journal.json");
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().message,
            "meta/_journal.json: invalid JSON: nested more than 1000 levels deep");
}

}  // namespace
}  // namespace km::migrations
