#pragma once

// The lint report as text (terminals), JSON (-o json) and GitHub Actions
// workflow commands (-o github: annotations on the changed files).

#include <string>

#include "lint/linter.h"

namespace km::lint {

std::string FormatText(const LintReport& report);
std::string FormatJson(const LintReport& report);
std::string FormatGithub(const LintReport& report);

// "2 errors, 1 warning, 1 ignored in 3 pending migrations (of 5)".
std::string SummaryLine(const LintReport& report);

}  // namespace km::lint
