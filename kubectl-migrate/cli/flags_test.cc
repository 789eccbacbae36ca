#include "cli/flags.h"

#include <gtest/gtest.h>

namespace km::cli {
namespace {

std::vector<FlagSpec> Specs() {
  return {
      {"namespace", 'n', FlagKind::kString, "NAME", "namespace", "default"},
      {"dry-run", 0, FlagKind::kBool, "", "dry run", ""},
      {"lock-id", 0, FlagKind::kInt, "ID", "lock", "123456789"},
      {"timeout", 0, FlagKind::kDuration, "DURATION", "timeout", "300s"},
      {"rollback", 0, FlagKind::kStringList, "TARGET", "rollback", ""},
      {"output", 'o', FlagKind::kString, "FORMAT", "output", ""},
  };
}

Result<ParsedFlags> Parse(std::vector<std::string> args) { return ParseFlags(Specs(), args); }

TEST(ParseFlags, AcceptsKubectlForms) {
  struct Case {
    std::vector<std::string> args;
    std::string ns;
  };
  const Case cases[] = {
      {{"-n", "yomu"}, "yomu"},      {{"-nyomu"}, "yomu"},        {{"-n=yomu"}, "yomu"},
      {{"--namespace", "yomu"}, "yomu"}, {{"--namespace=yomu"}, "yomu"}, {{}, "default"},
      {{"-n", "a", "-n", "b"}, "b"},
  };
  for (const Case& c : cases) {
    auto flags = Parse(c.args);
    ASSERT_TRUE(flags.ok()) << flags.error().message;
    EXPECT_EQ(flags->String("namespace"), c.ns);
  }
}

TEST(ParseFlags, TypedValuesAndDefaults) {
  auto flags = Parse({"--dry-run", "--lock-id=42", "--timeout", "1m30s", "--rollback",
                      "deployment/a", "--rollback=deployment/b", "-o", "json", "extra"});
  ASSERT_TRUE(flags.ok()) << flags.error().message;
  EXPECT_TRUE(flags->Bool("dry-run"));
  EXPECT_EQ(flags->Int("lock-id"), 42);
  EXPECT_EQ(flags->Duration("timeout"), std::chrono::seconds(90));
  EXPECT_EQ(flags->List("rollback"), (std::vector<std::string>{"deployment/a", "deployment/b"}));
  EXPECT_EQ(flags->positional(), std::vector<std::string>{"extra"});
  auto defaults = Parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->Bool("dry-run"));
  EXPECT_FALSE(defaults->Has("lock-id"));
  EXPECT_EQ(defaults->Int("lock-id"), 123456789);
  EXPECT_EQ(defaults->Duration("timeout"), std::chrono::seconds(300));
  EXPECT_TRUE(defaults->List("rollback").empty());
}

TEST(ParseFlags, BoolTakesExplicitValueOnlyInline) {
  auto flags = Parse({"--dry-run=false", "positional"});
  ASSERT_TRUE(flags.ok());
  EXPECT_FALSE(flags->Bool("dry-run"));
  EXPECT_EQ(flags->positional(), std::vector<std::string>{"positional"});
}

TEST(ParseFlags, RejectsBadInputWithUsageErrorsNamingTheFlag) {
  struct Case {
    std::vector<std::string> args;
    std::string message_part;
  };
  const Case cases[] = {
      {{"--nope"}, "unknown flag: --nope"},
      {{"-x"}, "unknown shorthand flag: 'x'"},
      {{"--namespace"}, "flag needs an argument: --namespace"},
      {{"--lock-id=abc"}, "invalid value for --lock-id"},
      {{"--timeout", "5 minutes"}, "invalid value for --timeout"},
      {{"--dry-run=maybe"}, "invalid value for --dry-run"},
  };
  for (const Case& c : cases) {
    auto flags = Parse(c.args);
    ASSERT_FALSE(flags.ok()) << c.message_part;
    EXPECT_EQ(flags.error().code, ExitCode::kUsage);
    EXPECT_NE(flags.error().message.find(c.message_part), std::string::npos) << flags.error().message;
  }
}

TEST(ParseFlags, HelpAndDoubleDash) {
  auto flags = Parse({"-h", "--", "--not-a-flag"});
  ASSERT_TRUE(flags.ok());
  EXPECT_TRUE(flags->help());
  EXPECT_EQ(flags->positional(), std::vector<std::string>{"--not-a-flag"});
}

TEST(OutputFormat, AcceptsTheListedFormatsAndNamesThemOtherwise) {
  auto given = [](std::vector<std::string> args) { return std::move(ParseFlags(Specs(), args)).value(); };
  EXPECT_EQ(*OutputFormat(given({"-o", "json"}), {"json", "text"}), "json");
  EXPECT_EQ(*OutputFormat(given({}), {"json", "text"}, "text"), "text");
  auto bad = OutputFormat(given({"-o", "xml"}), {"json", "yaml", "text"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ExitCode::kUsage);
  EXPECT_EQ(bad.error().message, "--output must be json, yaml or text, not \"xml\"");
}

TEST(ParseDuration, GoStyle) {
  EXPECT_EQ(*ParseDuration("300"), std::chrono::seconds(300));
  EXPECT_EQ(*ParseDuration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(*ParseDuration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_EQ(*ParseDuration("2h1m"), std::chrono::minutes(121));
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("5d").ok());
  EXPECT_FALSE(ParseDuration("s").ok());
  EXPECT_FALSE(ParseDuration("-5s").ok());
}

// From fuzzing (fuzz_flags): beyond Go's duration range the conversion to
// milliseconds overflowed (undefined behaviour; UBSan: "outside the range of
// representable values"). kubectl refuses such durations too.
TEST(ParseDuration, FromFuzzingRefusesDurationsBeyondGosRange) {
  EXPECT_FALSE(ParseDuration("92233720368547758070s"));
  EXPECT_FALSE(ParseDuration("9223372036854775807"));
  EXPECT_FALSE(ParseDuration("1" + std::string(400, '0') + "h"));
  EXPECT_EQ(*ParseDuration("2562047h"), std::chrono::hours(2562047));
  EXPECT_EQ(*ParseDuration("9223372036"), std::chrono::seconds(9223372036));
}

}  // namespace
}  // namespace km::cli
