#pragma once

// Step outputs in the format of GitHub Actions' $GITHUB_OUTPUT file:
// `name=value` lines, and for multiline values
//   name<<DELIMITER
//   line 1
//   line 2
//   DELIMITER
// with a random delimiter that no line of the value equals.

#include <string>
#include <vector>

#include "util/result.h"

namespace km::git {

struct GithubOutput {
  std::string name;
  std::vector<std::string> lines;  // one line: `name=value`, unless `multiline`
  bool multiline = false;          // lists are multiline even with 0 or 1 item
};

// "ghadelimiter_" and 32 random hex digits.
std::string RandomDelimiter();

// The text to append. Fails (kUsage) when a line contains a line break or
// equals the delimiter: the runner would read a different value.
Result<std::string> FormatGithubOutputs(const std::vector<GithubOutput>& outputs,
                                        const std::string& delimiter);

// Appends the outputs to `path` with a fresh random delimiter. Errors (the
// file cannot be written) are kUsage and name the file.
Status AppendGithubOutputs(const std::string& path, const std::vector<GithubOutput>& outputs);

}  // namespace km::git
