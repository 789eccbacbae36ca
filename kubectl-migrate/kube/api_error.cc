#include "kube/api_error.h"

#include <cctype>

#include "kube/json.h"
#include "util/json_depth.h"

namespace km::kube {
namespace {

constexpr size_t kMaxBodyInMessage = 300;

// Fills `error` from a Status document; false when `body` is no Status.
bool FromStatus(std::string_view body, ApiError& error) {
  if (JsonNestedTooDeep(body)) return false;
  JsonDoc doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || StringAt(doc, {"kind"}) != "Status") return false;
  error.reason = StringAt(doc, {"reason"});
  if (auto code = IntAt(doc, {"code"}); code && error.http_status == 0) {
    error.http_status = static_cast<int>(*code);
  }
  error.message = StringAt(doc, {"message"});
  if (error.message.empty()) error.message = error.reason.empty() ? "unknown error" : error.reason;
  const JsonValue* causes = Find(doc, {"details", "causes"});
  if (causes != nullptr && causes->IsArray()) {
    std::string listed;
    for (const JsonValue& cause : causes->GetArray()) {
      std::string field = StringAt(cause, {"field"});
      std::string text = StringAt(cause, {"message"});
      if (text.empty() || error.message.find(text) != std::string::npos) continue;
      listed += (listed.empty() ? "" : "; ") + (field.empty() ? text : field + ": " + text);
    }
    if (!listed.empty()) error.message += " (" + listed + ")";
  }
  return true;
}

}  // namespace

ApiError ApiErrorFromResponse(int http_status, std::string_view body) {
  ApiError error;
  error.code = ExitCode::kApiError;
  error.http_status = http_status;
  if (FromStatus(body, error)) return error;
  std::string excerpt(body.substr(0, kMaxBodyInMessage));
  while (!excerpt.empty() && std::isspace(static_cast<unsigned char>(excerpt.back()))) {
    excerpt.pop_back();
  }
  error.message = "HTTP " + std::to_string(http_status) + (excerpt.empty() ? "" : ": " + excerpt);
  if (body.size() > kMaxBodyInMessage) error.message += "...";
  return error;
}

ApiError ApiErrorFromStatus(std::string_view status_json) {
  ApiError error;
  error.code = ExitCode::kApiError;
  if (!FromStatus(status_json, error)) {
    error.message = "watch error: " + std::string(status_json.substr(0, kMaxBodyInMessage));
  }
  return error;
}

ApiError TransportError(std::string message) {
  ApiError error;
  error.code = ExitCode::kApiError;
  error.message = std::move(message);
  return error;
}

}  // namespace km::kube
