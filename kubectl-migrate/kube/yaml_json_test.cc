#include "kube/yaml_json.h"

#include <gtest/gtest.h>

#include "util/yaml_test_support.h"

namespace km::kube {
namespace {

std::string Json(std::string_view yaml) {
  auto doc = YamlToJson(yaml, "test.yaml");
  EXPECT_TRUE(doc) << doc.error().message;
  return doc ? ToJson(*doc) : "";
}

TEST(YamlToJson, ResolvesPlainScalarsAsKubectlDoes) {
  EXPECT_EQ(Json("a: 1\nb: -0x1F\nc: 1.5\nd: true\ne: yes\nf: off\ng: ~\nh:\ni: text\nj: 010\n"),
            R"({"a":1,"b":-31,"c":1.5,"d":true,"e":true,"f":false,"g":null,"h":null,)"
            R"("i":"text","j":8})");
}

TEST(YamlToJson, QuotedAndStrTaggedScalarsStayStrings) {
  EXPECT_EQ(Json("a: \"1\"\nb: 'true'\nc: !!str 300\nd: \"\"\n"),
            R"({"a":"1","b":"true","c":"300","d":""})");
}

TEST(YamlToJson, KeepsNestingOrderAndExpandsAliases) {
  EXPECT_EQ(Json("spec:\n  z: &r {cpu: 100m}\n  a: [x, *r]\n"),
            R"({"spec":{"z":{"cpu":"100m"},"a":["x",{"cpu":"100m"}]}})");
}

// kubectl (go-yaml v2) merges the mapping a "<<" key names: a Job template that shares
// its env or resources this way must not lose them (they went to the API server as a
// "<<" field, which it drops).
TEST(YamlToJson, MergeKeysMergeAsKubectlDoes) {
  EXPECT_EQ(Json("base: &b {cpu: 1, memory: 2}\nlimits:\n  <<: *b\n  cpu: 3\n"),
            R"({"base":{"cpu":1,"memory":2},"limits":{"cpu":3,"memory":2}})");
  // A list: the first mapping's keys win; keys before "<<" are replaced (go-yaml v2).
  // (Merged keys come last mapping first; kubectl's JSON has its keys sorted anyway.)
  EXPECT_EQ(Json("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {x: 0, <<: [*a, *b, {z: 3}]}\n"),
            R"({"a":{"x":1},"b":{"x":2,"y":2},"c":{"x":1,"z":3,"y":2}})");
  EXPECT_EQ(Json("c: {!!merge <<: {x: 1}}\n"), R"({"c":{"x":1}})");
  // Quoted, it is an ordinary key, and it is written back quoted.
  EXPECT_EQ(Json("c: {\"<<\": {x: 1}}\n"), R"({"c":{"<<":{"x":1}}})");
  auto json = YamlToJson("c: {\"<<\": 1}\n", "t.yaml");
  ASSERT_TRUE(json);
  EXPECT_EQ(Json(JsonToYaml(*json)), R"({"c":{"<<":1}})");
}

TEST(YamlToJson, AMergeOfSomethingElseThanMappingsIsRefused) {
  for (const char* yaml : {"a:\n  <<: 1\n", "a:\n  <<: [{x: 1}, 2]\n", "a: {<<: [[x]]}\n"}) {
    auto json = YamlToJson(yaml, "m.yaml");
    ASSERT_FALSE(json) << yaml;
    EXPECT_EQ(json.error().code, ExitCode::kUsage);
    EXPECT_TRUE(json.error().message.starts_with("m.yaml: line "));
    EXPECT_TRUE(
        json.error().message.ends_with(": a merge key (<<) takes a mapping or a list of mappings"))
        << json.error().message;
  }
}

TEST(YamlToJson, BadYamlNamesTheSourceAndLine) {
  auto doc = YamlToJson("a: 1\nb: [unclosed\n", "job.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ExitCode::kUsage);
  EXPECT_NE(doc.error().message.find("job.yaml: line"), std::string::npos) << doc.error().message;
}

TEST(YamlToJson, RejectsSeveralDocuments) {
  auto doc = YamlToJson("a: 1\n---\nb: 2\n", "two.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "two.yaml: expected one YAML document, found 2");
}

TEST(JsonToYaml, QuotesStringsThatWouldReadBackAsOtherTypes) {
  auto json = ParseJson(R"({"a":"true","b":"123","c":"","d":"plain","e":7,"f":[false,null]})", "t");
  ASSERT_TRUE(json);
  std::string yaml = JsonToYaml(*json);
  EXPECT_EQ(Json(yaml), ToJson(*json)) << yaml;
}

// From fuzzing (fuzz_yaml_json, fuzz_job_template): yaml-cpp 0.7's LoadAll never
// returned on stray text after a flow collection; it allocated until memory ran out.
TEST(YamlToJson, FromFuzzingStrayTextAfterAFlowMapIsAnErrorNotAHang) {
  auto json = YamlToJson(R"({"key":"meta._journal.json","path":"meta/_journal.json"},)", "job.yaml");
  ASSERT_FALSE(json);
  EXPECT_NE(json.error().message.find("job.yaml: not YAML"), std::string::npos)
      << json.error().message;
}

// Nested aliases stand for exponentially many values ("billion laughs").
TEST(YamlToJson, RefusesDocumentsThatAliasesBlowUp) {
  auto json = YamlToJson(km::testing::NestedYamlAliases(7, 10), "laughs.yaml");
  ASSERT_FALSE(json);
  EXPECT_NE(json.error().message.find("values once aliases are expanded"), std::string::npos)
      << json.error().message;
}

// An alias inside its own anchor makes a cycle; expanding it recursed until the
// stack overflowed (fuzz_yaml_json), then, bounded, ran to a million values per input.
TEST(YamlToJson, RefusesAnAliasInsideItsOwnAnchor) {
  auto json = YamlToJson("a: &a [x, *a]\n", "cycle.yaml");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ExitCode::kUsage);
  EXPECT_EQ(json.error().message,
            "cycle.yaml: line 1: an alias inside the value of its own anchor (a cycle)");
}

// go-yaml, which kubectl reads manifests with, refuses a document that is nearly all
// aliases; so does the conversion, before expanding any.
TEST(YamlToJson, RefusesExcessiveAliasingAsKubectlDoes) {
  auto json = YamlToJson(km::testing::NestedYamlAliases(3, 10), "aliases.yaml");
  ASSERT_FALSE(json);
  EXPECT_TRUE(json.error().message.starts_with("aliases.yaml: excessive aliasing: "))
      << json.error().message;
}

// From fuzzing (fuzz_yaml_json's round trip): a byte that is not UTF-8 went into the
// JSON as it was, and came back from JsonToYaml as U+FFFD. kubectl refuses such files.
TEST(YamlToJson, FromFuzzingRefusesBytesThatAreNotUtf8) {
  auto json = YamlToJson("spec:\n  a: [x, {\"cp\": y}]\n  b: c\x80\n", "job.yaml");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().message, "job.yaml: line 3: not valid UTF-8");
  EXPECT_TRUE(YamlToJson("name: \xc3\xa9t\xc3\xa9\n", "job.yaml"));
}

// From fuzzing (fuzz_yaml_json's round trip, session 6): yaml-cpp 0.7 decodes the escapes
// \N (U+0085) and \_ (U+00A0) to the bytes 0x85 and 0xA0, so `"0b0\No0"` became a string
// that was not UTF-8: into the Job's JSON, and not readable back from JsonToYaml's output.
TEST(YamlToJson, FromFuzzingTheEscapesNAndUnderscoreBecomeUtf8) {
  EXPECT_EQ(Json("\"0b0\\No0\""), "\"0b0\u0085o0\"");
  EXPECT_EQ(Json("{\"k\\_\": \"a\\_b\\x85c\\Nd\\u00e9\\N\"}"),
            "{\"k\u00a0\":\"a\u00a0b\u0085c\u0085d\u00e9\u0085\"}");
  auto json = YamlToJson("x: \"\\N\\_\"\n", "t.yaml");
  ASSERT_TRUE(json);
  EXPECT_EQ(Json(JsonToYaml(*json)), ToJson(*json));
  // An escaped surrogate is no character: go-yaml refuses it, and so does yaml-cpp.
  auto surrogate = YamlToJson("a: 1\nb: \"x\\uD800\"\n", "s.yaml");
  ASSERT_FALSE(surrogate);
  EXPECT_TRUE(surrogate.error().message.starts_with("s.yaml: line 2: "))
      << surrogate.error().message;
}

// From fuzzing (fuzz_yaml_json): NUL bytes made yaml-cpp read the file as UTF-32
// and produce strings that are not UTF-8.
TEST(YamlToJson, FromFuzzingRefusesNulBytes) {
  auto json = YamlToJson(std::string("1\0\0\0\0: q", 8), "job.yaml");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().message, "job.yaml: line 1: a NUL byte");
}

// From fuzzing (fuzz_yaml_json's round trip): "1\r" was written as a plain scalar
// and read back as the integer 1.
TEST(JsonToYaml, FromFuzzingQuotesControlCharacters) {
  auto json = YamlToJson("\"1\\r\"", "x.yaml");
  ASSERT_TRUE(json);
  auto again = YamlToJson(JsonToYaml(*json), "again.yaml");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *json);
  EXPECT_TRUE(again->IsString());
}

// From fuzzing (fuzz_yaml_json's round trip): a key over 1024 characters was written
// as a simple key, which YamlToJson then refused.
TEST(JsonToYaml, FromFuzzingWritesLongKeysSoTheyReadBack) {
  std::string key(3000, 'k');
  std::string escaped;  // 1000 bytes, 4000 characters once escaped
  for (int i = 0; i < 1000; ++i) escaped += "\\x15";
  auto json = YamlToJson("? " + key + "\n: 1\n? \"" + escaped + "\"\n: 2\n", "x.yaml");
  ASSERT_TRUE(json) << json.error().message;
  auto again = YamlToJson(JsonToYaml(*json), "again.yaml");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, *json);
}

// From fuzzing (fuzz_yaml_json's round trip): the string "---" was written plain, as a
// document marker, and read back as no document at all.
TEST(JsonToYaml, FromFuzzingQuotesDocumentMarkers) {
  for (const char* text : {"\n ---\n", "[...]", "a: --- x"}) {
    auto json = YamlToJson(text, "x.yaml");
    ASSERT_TRUE(json) << text;
    auto again = YamlToJson(JsonToYaml(*json), "again.yaml");
    ASSERT_TRUE(again) << text << ": " << again.error().message;
    EXPECT_EQ(*again, *json) << text;
  }
}

// From fuzzing (fuzz_yaml_json): "!!null\n'" is a tagged null scalar, so it was kept as
// a document, read as JSON null, and written back as `~`, which read as no document.
// Every document that reads as null now counts as none, as kubectl skips it.
TEST(YamlToJson, FromFuzzingADocumentThatReadsAsNullIsNoDocument) {
  for (const char* text : {"!!null\n'", "!!null ''", "~", "null", ""}) {
    auto json = YamlToJson(text, "x.yaml");
    ASSERT_FALSE(json) << text;
    EXPECT_EQ(json.error().message, "x.yaml: expected one YAML document, found 0") << text;
  }
  auto one = YamlToJson("!!null ''\n---\na: 1\n---\n~\n", "three.yaml");
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(ToJson(*one), R"({"a":1})");
  auto two = YamlToJson("a: 1\n---\n!!null x\n", "two.yaml");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().message, "two.yaml: expected one YAML document, found 2");
}

}  // namespace
}  // namespace km::kube
