#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace km::kube {

// Kubernetes objects are kept as JSON documents, not typed structs: a Deployment's
// pod template must go back to the server with every field it came with.
using JsonDoc = rapidjson::Document;
using JsonValue = rapidjson::Value;

// Parses `text`; errors name `what` ("job/x") and the offset of the problem.
Result<JsonDoc> ParseJson(std::string_view text, std::string_view what);

// Compact JSON text of a value.
std::string ToJson(const JsonValue& value);

// A deep copy of `value` as a document of its own.
JsonDoc CopyJson(const JsonValue& value);

// The value at a path of object member names, or nullptr.
const JsonValue* Find(const JsonValue& value, std::initializer_list<std::string_view> path);

// The string at a path, or "" when missing or not a string.
std::string StringAt(const JsonValue& value, std::initializer_list<std::string_view> path);

// The integer at a path, or nullopt when missing or not an integer.
std::optional<int64_t> IntAt(const JsonValue& value, std::initializer_list<std::string_view> path);

// True when the path holds boolean true.
bool TrueAt(const JsonValue& value, std::initializer_list<std::string_view> path);

// A JSON string literal (with quotes) for `text`.
std::string QuoteJson(std::string_view text);

// Percent-encodes a query parameter value or path segment.
std::string UrlEncode(std::string_view text);

}  // namespace km::kube
