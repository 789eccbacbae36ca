#include "git/github_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "git/test_repo.h"
#include "util/files.h"

namespace km::git {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::vector<GithubOutput> kOutputs = {
    {"changed", {"true"}, false},
    {"files", {"migrations/0002_b.sql", "migrations/meta/_journal.json"}, true},
    {"added_tags", {}, true},
    {"modifies_existing", {"false"}, false},
};

TEST(GithubOutput, WritesNameValueLinesAndHeredocsForLists) {
  auto text = FormatGithubOutputs(kOutputs, "EOF_1");

  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text,
            "changed=true\n"
            "files<<EOF_1\n"
            "migrations/0002_b.sql\n"
            "migrations/meta/_journal.json\n"
            "EOF_1\n"
            "added_tags<<EOF_1\n"
            "EOF_1\n"
            "modifies_existing=false\n");
}

TEST(GithubOutput, RejectsValuesTheRunnerWouldMisread) {
  auto line_break = FormatGithubOutputs({{"files", {"a\nb"}, true}}, "EOF_1");
  ASSERT_FALSE(line_break.ok());
  EXPECT_EQ(line_break.error().code, ExitCode::kUsage);
  EXPECT_THAT(line_break.error().message, HasSubstr("line break"));

  auto delimiter = FormatGithubOutputs({{"files", {"EOF_1"}, true}}, "EOF_1");
  EXPECT_FALSE(delimiter.ok());
}

TEST(GithubOutput, DelimiterIsRandom) {
  std::string first = RandomDelimiter();
  EXPECT_THAT(first, MatchesRegex("ghadelimiter_[0-9a-f]{32}"));
  EXPECT_NE(first, RandomDelimiter());
}

TEST(GithubOutput, AppendsToTheFileKeepingWhatEarlierStepsWrote) {
  testing::TempDir dir;
  std::string path = dir.path() + "/github_output";
  std::ofstream(path) << "earlier=1\n";

  ASSERT_TRUE(AppendGithubOutputs(path, kOutputs).ok());

  auto content = ReadFile(path, ExitCode::kInternal);
  ASSERT_TRUE(content.ok());
  std::smatch match;
  ASSERT_TRUE(
      std::regex_search(*content, match, std::regex("files<<(ghadelimiter_[0-9a-f]{32})\n")))
      << *content;
  EXPECT_EQ(*content, "earlier=1\n" + *FormatGithubOutputs(kOutputs, match[1].str()));
}

TEST(GithubOutput, UnwritableFileIsAUsageErrorNamingIt) {
  Status status = AppendGithubOutputs("/nonexistent-dir/out", kOutputs);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ExitCode::kUsage);
  EXPECT_THAT(status.error().message, HasSubstr("--github-output /nonexistent-dir/out"));
}

}  // namespace
}  // namespace km::git
