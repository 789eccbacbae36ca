#include "kube/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>

#include "util/json_depth.h"

namespace km::kube {

Result<JsonDoc> ParseJson(std::string_view text, std::string_view what) {
  JsonDoc doc;
  if (JsonNestedTooDeep(text)) {
    return MakeError(ExitCode::kApiError, "invalid JSON in " + std::string(what) +
                                              ": nested more than " + std::to_string(kMaxJsonDepth) +
                                              " levels deep");
  }
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return MakeError(ExitCode::kApiError, "invalid JSON in " + std::string(what) + " at offset " +
                                              std::to_string(doc.GetErrorOffset()) + ": " +
                                              rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return doc;
}

std::string ToJson(const JsonValue& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

JsonDoc CopyJson(const JsonValue& value) {
  JsonDoc doc;
  doc.CopyFrom(value, doc.GetAllocator());
  return doc;
}

const JsonValue* Find(const JsonValue& value, std::initializer_list<std::string_view> path) {
  const JsonValue* current = &value;
  for (std::string_view name : path) {
    if (!current->IsObject()) return nullptr;
    JsonValue key(rapidjson::StringRef(name.data(), name.size()));
    auto member = current->FindMember(key);
    if (member == current->MemberEnd()) return nullptr;
    current = &member->value;
  }
  return current;
}

std::string StringAt(const JsonValue& value, std::initializer_list<std::string_view> path) {
  const JsonValue* found = Find(value, path);
  if (found == nullptr || !found->IsString()) return "";
  return std::string(found->GetString(), found->GetStringLength());
}

std::optional<int64_t> IntAt(const JsonValue& value, std::initializer_list<std::string_view> path) {
  const JsonValue* found = Find(value, path);
  if (found == nullptr || !found->IsInt64()) return std::nullopt;
  return found->GetInt64();
}

bool TrueAt(const JsonValue& value, std::initializer_list<std::string_view> path) {
  const JsonValue* found = Find(value, path);
  return found != nullptr && found->IsBool() && found->GetBool();
}

std::string QuoteJson(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace km::kube
