#pragma once

// How `kubectl migrate changed` prints a ChangeReport: a text table, JSON
// (`-o json`), and GitHub step outputs (`--github-output`).

#include <string>
#include <vector>

#include "git/change_detection.h"
#include "git/github_output.h"

namespace km::git {

std::string FormatText(const ChangeReport& report);

// One JSON object and a newline; the fields are described in git/README.md.
std::string FormatJson(const ChangeReport& report);

// changed=true|false, files (one path per line), added_tags (one tag per
// line), modifies_existing=true|false.
std::vector<GithubOutput> GithubOutputsOf(const ChangeReport& report);

}  // namespace km::git
