#pragma once

#include <string>

#include "util/result.h"

namespace km {

// Reads a whole file as bytes. Errors name the path and the reason.
Result<std::string> ReadFile(const std::string& path, ExitCode code_on_error);

}  // namespace km
