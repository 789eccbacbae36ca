#include "kube/yaml_json.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace km::kube
