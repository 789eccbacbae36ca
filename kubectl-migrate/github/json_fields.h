#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

namespace km::github {

// A string member of a JSON object ("" when missing, null or not a string).
inline std::string StringMember(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsString()) return "";
  return {member->value.GetString(), member->value.GetStringLength()};
}

// An integer member of a JSON object (0 when missing or not an integer).
inline int64_t IntMember(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return 0;
  auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsInt64()) return 0;
  return member->value.GetInt64();
}

// The "login" of an object member such as "user" or "triggering_actor" ("" when missing).
inline std::string LoginOf(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  auto member = object.FindMember(name);
  if (member == object.MemberEnd()) return "";
  return StringMember(member->value, "login");
}

}  // namespace km::github
