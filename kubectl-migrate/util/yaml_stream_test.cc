#include "util/yaml_stream.h"

#include <gtest/gtest.h>

#include <string>

#include "util/yaml_test_support.h"

namespace km {
namespace {

using km::testing::NestedYamlAliases;

TEST(ScanYamlStream, CountsValuesAsTheyAreOnceAliasesAreExpanded) {
  // The map, its 3 keys, the list with its 2 scalars, the same list again behind *r, and 7.
  YamlStreamScan scan = ScanYamlStream("z: &r [1, 2]\na: *r\nb: 7\n");
  EXPECT_TRUE(scan.ends);
  EXPECT_EQ(scan.aliases.values, 1u + 3u + 3u + 3u + 1u);
  EXPECT_EQ(scan.aliases.alias_values, 3u);
  EXPECT_EQ(scan.aliases.cycle_line, 0);
  EXPECT_EQ(YamlAliasProblem(scan.aliases), std::nullopt);
}

TEST(ScanYamlStream, AnAliasInsideItsOwnAnchorIsACycleOnItsLine) {
  YamlStreamScan scan = ScanYamlStream("a: 1\nb: &b {c: [x, *b]}\n");
  EXPECT_EQ(scan.aliases.cycle_line, 2);
  EXPECT_EQ(YamlAliasProblem(scan.aliases),
            "line 2: an alias inside the value of its own anchor (a cycle)");
}

TEST(ScanYamlStream, AnAliasOfAnEndedAnchorIsNoCycle) {
  YamlStreamScan scan = ScanYamlStream("a: &a [x]\nb: [*a, *a]\n");
  EXPECT_EQ(scan.aliases.cycle_line, 0);
  EXPECT_EQ(YamlAliasProblem(scan.aliases), std::nullopt);
}

TEST(ScanYamlStream, BillionsOfValuesAreCountedWithoutExpandingThem) {
  YamlStreamScan scan = ScanYamlStream(NestedYamlAliases(9, 10));
  EXPECT_GT(scan.aliases.values, 1'000'000'000u);
  EXPECT_EQ(YamlAliasProblem(scan.aliases), "more than 1000000 values once aliases are expanded");
}

TEST(ScanYamlStream, CountsSaturateInsteadOfWrapping) {
  // 80 levels of 2: 2^80 values.
  YamlStreamScan scan = ScanYamlStream(NestedYamlAliases(80, 2));
  EXPECT_EQ(scan.aliases.values, UINT64_MAX);
  EXPECT_TRUE(YamlAliasProblem(scan.aliases));
}

// go-yaml (kubectl's parser) refuses a document of over 1000 values of which more than
// 99 % come from aliases, long before the cap on values.
TEST(YamlAliasProblem, RefusesExcessiveAliasingAsGoYamlDoes) {
  YamlStreamScan scan = ScanYamlStream(NestedYamlAliases(3, 10));  // 11,000-odd values
  ASSERT_LT(scan.aliases.values, kMaxYamlValues);
  auto problem = YamlAliasProblem(scan.aliases);
  ASSERT_TRUE(problem);
  EXPECT_TRUE(problem->starts_with("excessive aliasing: ")) << *problem;
}

TEST(YamlAliasProblem, FollowsGoYamlsLimits) {
  EXPECT_EQ(YamlAliasProblem({.values = 1000, .alias_values = 999}), std::nullopt);
  EXPECT_EQ(YamlAliasProblem({.values = 100'000, .alias_values = 100}), std::nullopt);
  EXPECT_EQ(YamlAliasProblem({.values = 100'000, .alias_values = 99'000}), std::nullopt);
  EXPECT_TRUE(YamlAliasProblem({.values = 100'000, .alias_values = 99'001}));
  // The allowed share falls from 99 % at 400,000 values towards 10 % at 4,000,000; the
  // cap of a million values comes first.
  EXPECT_EQ(YamlAliasProblem({.values = 1'000'000, .alias_values = 800'000}), std::nullopt);
  EXPECT_TRUE(YamlAliasProblem({.values = 1'000'000, .alias_values = 900'000}));
}

TEST(ScanYamlStream, ReportsTheDocumentThatCrossesALimit) {
  YamlStreamScan scan = ScanYamlStream("a: [1, 2, 3]\n---\nb: &b [*b]\n---\nc: 1\n");
  EXPECT_EQ(scan.aliases.cycle_line, 3);
}

TEST(ScanYamlStream, StrayTextAfterAFlowMapHasNoEnd) {
  EXPECT_FALSE(ScanYamlStream("{a: b},").ends);
  EXPECT_FALSE(YamlStreamEnds("{a: b},"));
  EXPECT_TRUE(YamlStreamEnds("a: b\n"));
}

TEST(YamlScalarUtf8, WritesTheBytesOfYamlCppsNAndUnderscoreEscapesAsUtf8) {
  EXPECT_EQ(YamlScalarUtf8("a\x85"
                           "b\xA0"),
            "a\xC2\x85"
            "b\xC2\xA0");
  EXPECT_EQ(YamlScalarUtf8("\xA0\x85"), "\xC2\xA0\xC2\x85");
  // Those bytes inside UTF-8 sequences (U+00C5, U+00E0, U+2026) are left alone.
  EXPECT_EQ(YamlScalarUtf8("\xC3\x85\xC3\xA0\xE2\x80\xA6\x85"),
            "\xC3\x85\xC3\xA0\xE2\x80\xA6\xC2\x85");
  EXPECT_EQ(YamlScalarUtf8("plain text"), "plain text");
}

TEST(YamlScalarUtf8, OtherBytesThatAreNotUtf8AreNoText) {
  EXPECT_EQ(YamlScalarUtf8("\xED\xA0\x80"), std::nullopt);  // U+D800 (a surrogate)
  EXPECT_EQ(YamlScalarUtf8("a\xFF"), std::nullopt);
  EXPECT_EQ(YamlScalarUtf8("\xC0\x80"), std::nullopt);                // an overlong NUL
  EXPECT_EQ(YamlScalarUtf8("\xF4\x90\x80\x80"), std::nullopt);        // past U+10FFFF
  EXPECT_EQ(YamlScalarUtf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // U+1F600
}

}  // namespace
}  // namespace km
