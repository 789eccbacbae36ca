#include "util/files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace km {

Result<std::string> ReadFile(const std::string& path, ExitCode code_on_error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(code_on_error, "cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return MakeError(code_on_error, "error reading " + path);
  return buffer.str();
}

}  // namespace km
