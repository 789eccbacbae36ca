#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace km::kube {

// An error from talking to the API server. It is a km::Error (exit code kApiError,
// a message fit for the user) that also keeps what callers branch on: the HTTP
// status and the Status `reason` (NotFound, AlreadyExists, Expired, ...).
// http_status is 0 when no response arrived (connection refused, TLS, timeout).
struct ApiError : Error {
  int http_status = 0;
  std::string reason;

  bool IsNotFound() const { return http_status == 404; }
  bool IsAlreadyExists() const { return http_status == 409 && reason == "AlreadyExists"; }
  bool IsConflict() const { return http_status == 409 && reason == "Conflict"; }
  bool IsUnauthorized() const { return http_status == 401; }
  // A watch or list resourceVersion too old to serve (410, or a Status with reason Expired/Gone).
  bool IsExpired() const { return http_status == 410 || reason == "Expired" || reason == "Gone"; }

  // This error with `context: ` in front of the message, keeping status and reason.
  ApiError Wrap(std::string_view context) const& {
    ApiError copy = *this;
    copy.message = std::string(context) + ": " + message;
    return copy;
  }
};

// The error for a non-2xx response. Uses the body's Status (message, reason,
// details.causes for Invalid) when it is one, else "HTTP 502: <start of body>".
ApiError ApiErrorFromResponse(int http_status, std::string_view body);

// The error for a Status object that arrived inside a watch stream (type ERROR).
ApiError ApiErrorFromStatus(std::string_view status_json);

// A failure below HTTP: no response.
ApiError TransportError(std::string message);

}  // namespace km::kube
