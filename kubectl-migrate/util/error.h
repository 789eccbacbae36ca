#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "util/exit_code.h"

namespace km {

// An error as a value: what went wrong, with context prepended by each layer
// ("applying 0002_sessions: statement 3: ..."), and the exit code it maps to.
struct Error {
  ExitCode code = ExitCode::kInternal;
  std::string message;

  // Returns this error with `context: ` in front of the message.
  Error Wrap(std::string_view context) const& {
    return Error{code, std::string(context) + ": " + message};
  }
  Error Wrap(std::string_view context) && {
    message = std::string(context) + ": " + message;
    return std::move(*this);
  }
};

inline Error MakeError(ExitCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace km
