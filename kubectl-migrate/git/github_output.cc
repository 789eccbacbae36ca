#include "git/github_output.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace km::git {

std::string RandomDelimiter() {
  std::random_device random;
  std::uniform_int_distribution<int> hex_digit(0, 15);
  std::string delimiter = "ghadelimiter_";
  for (int i = 0; i < 32; ++i) delimiter += "0123456789abcdef"[hex_digit(random)];
  return delimiter;
}

Result<std::string> FormatGithubOutputs(const std::vector<GithubOutput>& outputs,
                                        const std::string& delimiter) {
  std::string text;
  for (const GithubOutput& output : outputs) {
    for (const std::string& line : output.lines) {
      if (line.find_first_of("\r\n") != std::string::npos || line == delimiter) {
        return MakeError(ExitCode::kUsage, "GitHub output \"" + output.name +
                                               "\": a value line contains a line break or "
                                               "equals the delimiter: \"" +
                                               line + "\"");
      }
    }
    if (!output.multiline && output.lines.size() == 1) {
      text += output.name + "=" + output.lines[0] + "\n";
      continue;
    }
    text += output.name + "<<" + delimiter + "\n";
    for (const std::string& line : output.lines) text += line + "\n";
    text += delimiter + "\n";
  }
  return text;
}

Status AppendGithubOutputs(const std::string& path, const std::vector<GithubOutput>& outputs) {
  KM_TRY_ASSIGN(std::string text, FormatGithubOutputs(outputs, RandomDelimiter()));
  std::ofstream file(path, std::ios::binary | std::ios::app);
  if (!file) {
    return MakeError(ExitCode::kUsage,
                     "--github-output " + path + ": cannot open: " + std::strerror(errno));
  }
  file << text;
  file.flush();
  if (!file) return MakeError(ExitCode::kUsage, "--github-output " + path + ": write failed");
  return Ok();
}

}  // namespace km::git
