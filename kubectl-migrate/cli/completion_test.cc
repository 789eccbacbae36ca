#include "cli/completion.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace km::cli {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Values(const std::vector<std::string>& words) {
  std::vector<std::string> values;
  for (const Candidate& candidate : Complete(Commands(), words).candidates) {
    values.push_back(candidate.value);
  }
  return values;
}

int Directive(const std::vector<std::string>& words) {
  return Complete(Commands(), words).directive;
}

TEST(Completion, OffersEveryCommandOfTheTableWithItsSummary) {
  Completions completions = Complete(Commands(), {""});
  ASSERT_EQ(completions.candidates.size(), Commands().size());
  for (size_t i = 0; i < Commands().size(); ++i) {
    EXPECT_EQ(completions.candidates[i].value, Commands()[i].name);
    EXPECT_EQ(completions.candidates[i].description, Commands()[i].summary);
  }
  EXPECT_EQ(completions.directive, kCompNoFiles);
}

TEST(Completion, FiltersCommandsByWhatIsTyped) {
  EXPECT_THAT(Values({"ba"}), ElementsAre("baseline"));
  EXPECT_THAT(Values({"nope"}), IsEmpty());
}

TEST(Completion, OffersEveryFlagOfEveryCommand) {
  for (const Command& command : Commands()) {
    std::vector<std::string> values = Values({command.name, "--"});
    for (const FlagSpec& flag : command.flags()) {
      if (flag.hidden) continue;
      EXPECT_THAT(values, Contains("--" + flag.name)) << command.name;
    }
    EXPECT_THAT(values, Contains("--help")) << command.name;
  }
}

TEST(Completion, FlagNamesCarryTheirHelpAndMatchThePrefix) {
  Completions completions = Complete(Commands(), {"apply", "--advisory-l"});
  ASSERT_EQ(completions.candidates.size(), 1u);
  EXPECT_EQ(completions.candidates[0].value, "--advisory-lock-timeout");
  EXPECT_FALSE(completions.candidates[0].description.empty());
}

TEST(Completion, LeavesOutHiddenOldSpellings) {
  EXPECT_TRUE(Complete(Commands(), {"apply", "--lock-t"}).candidates.empty());
}

TEST(Completion, LeavesOutFlagsAlreadyGivenButNotRepeatableOnes) {
  std::vector<std::string> values =
      Values({"run", "--timeout", "5s", "-o", "json", "--rollback", "deployment/a", "--"});
  EXPECT_THAT(values, Not(Contains("--timeout")));
  EXPECT_THAT(values, Not(Contains("--output")));
  EXPECT_THAT(values, Contains("--rollback"));
  EXPECT_THAT(values, Contains("--migrations"));
}

TEST(Completion, CompletesTheValuesOfFlagsWithFewChoices) {
  EXPECT_THAT(Values({"apply", "-o", ""}), ElementsAre("text", "json"));
  EXPECT_THAT(Values({"status", "--output", "j"}), ElementsAre("json"));
  EXPECT_THAT(Values({"apply", "--output=j"}), ElementsAre("--output=json"));
  EXPECT_THAT(Values({"apply", "--tx-mode", ""}), ElementsAre("per-migration", "all"));
  EXPECT_THAT(Values({"apply", "--dry-run=f"}), ElementsAre("--dry-run=false"));
}

TEST(Completion, AsksTheShellForDirectoriesOrFilesWhereAFlagWantsOne) {
  EXPECT_EQ(Directive({"apply", "--dir", ""}), kCompFilterDirs);
  EXPECT_EQ(Directive({"run", "--migrations", "mig"}), kCompFilterDirs);
  EXPECT_EQ(Directive({"run", "--manifest", ""}), kCompDefault);
  EXPECT_EQ(Directive({"run", "--kubeconfig", ""}), kCompDefault);
  EXPECT_EQ(Directive({"status", "--config", ""}), kCompDefault);
  EXPECT_EQ(Directive({"plan", "--config", ""}), kCompDefault);
  EXPECT_THAT(Values({"baseline", "--con"}), ElementsAre("--config"));
  // A value nobody can guess (a URL, a name): nothing, and no file names either.
  EXPECT_THAT(Values({"apply", "--database-url", ""}), IsEmpty());
  EXPECT_EQ(Directive({"apply", "--database-url", ""}), kCompNoFiles);
}

TEST(Completion, RollbackOffersTheDeploymentPrefixWithoutASpace) {
  Completions completions = Complete(Commands(), {"run", "--rollback", ""});
  ASSERT_EQ(completions.candidates.size(), 1u);
  EXPECT_EQ(completions.candidates[0].value, "deployment/");
  EXPECT_EQ(completions.directive, kCompNoSpace | kCompNoFiles);
}

TEST(Completion, WordsAfterDoubleDashAreTheJobsCommandAndGetFileNames) {
  EXPECT_EQ(Directive({"run", "--app", "x", "--", "sh", ""}), kCompDefault);
  EXPECT_THAT(Values({"run", "--", "--"}), IsEmpty());
}

TEST(Completion, UnknownCommandCompletesNothing) {
  EXPECT_THAT(Values({"frobnicate", "--"}), IsEmpty());
  EXPECT_EQ(Directive({"frobnicate", ""}), kCompNoFiles);
}

TEST(Completion, CompletionCommandOffersTheShellsOnce) {
  EXPECT_THAT(Values({"completion", ""}), ElementsAre("bash", "zsh"));
  EXPECT_THAT(Values({"completion", "z"}), ElementsAre("zsh"));
  EXPECT_THAT(Values({"completion", "bash", ""}), IsEmpty());
}

TEST(Completion, PositionalWordsSkipFlagValues) {
  // "--dir x" is a flag and its value, so the shell is still the first positional word.
  EXPECT_THAT(Values({"apply", "--dir", "x", ""}), IsEmpty());
  EXPECT_EQ(Directive({"apply", "--dir", "x", ""}), kCompNoFiles);
}

TEST(Completion, FormatsCobrasLinesAndDirective) {
  Completions completions{{{"run", "Run the Job"}, {"deployment/", ""}}, kCompNoSpace};
  EXPECT_EQ(FormatCompletions(completions), "run\tRun the Job\ndeployment/\n:2\n");
  EXPECT_EQ(FormatCompletions(Completions{}), ":4\n");
}

}  // namespace
}  // namespace km::cli
