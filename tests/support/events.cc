#include "events.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

namespace km::testing {
namespace {

std::string ValueText(const rapidjson::Value& v) {
  if (v.IsString()) return v.GetString();
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNull()) return "null";
  return "<complex>";
}

template <class Visit>
void ForEachEvent(const std::string& json_lines, Visit visit) {
  std::istringstream in(json_lines);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("event")) {
      ADD_FAILURE() << "stdout line is not a JSON event: " << line;
      continue;
    }
    visit(doc);
  }
}

}  // namespace

std::vector<std::string> EventNames(const std::string& json_lines) {
  std::vector<std::string> names;
  ForEachEvent(json_lines, [&](const rapidjson::Document& doc) { names.push_back(doc["event"].GetString()); });
  return names;
}

std::vector<std::string> EventFields(const std::string& json_lines, const std::string& event,
                                     const std::string& field) {
  std::vector<std::string> values;
  ForEachEvent(json_lines, [&](const rapidjson::Document& doc) {
    if (event == doc["event"].GetString() && doc.HasMember(field.c_str())) {
      values.push_back(ValueText(doc[field.c_str()]));
    }
  });
  return values;
}

std::string EventField(const std::string& json_lines, const std::string& event,
                       const std::string& field) {
  auto values = EventFields(json_lines, event, field);
  return values.empty() ? "" : values.front();
}

}  // namespace km::testing
