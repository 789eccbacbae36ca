#include <ostream>

#include "cli/commands.h"
#include "git/change_detection.h"
#include "git/github_output.h"
#include "git/report_format.h"

namespace km::cli {

std::vector<FlagSpec> ChangedFlags() {
  return {
      {"base", 0, FlagKind::kString, "REV",
       "Start of the range: push `before`, or the pull request base (required)", ""},
      {"head", 0, FlagKind::kString, "REV", "End of the range: push `after`, or the PR head",
       "HEAD"},
      {"path", 0, FlagKind::kString, "DIR", "Migrations folder, relative to the repository root",
       "migrations"},
      {"repo", 0, FlagKind::kString, "DIR", "A path inside the git repository", "."},
      {"default-branch", 0, FlagKind::kString, "BRANCH",
       "When --base is all zeros or gone: compare from the merge base with this branch "
       "(also tried as origin/BRANCH); without it every file counts as added",
       ""},
      {"output", 'o', FlagKind::kString, "FORMAT", "Output format: text or json", "text"},
      {"github-output", 0, FlagKind::kString, "FILE",
       "Append changed, files, added_tags and modifies_existing to FILE ($GITHUB_OUTPUT)", ""},
      {"fail-on-modified", 0, FlagKind::kBool, "",
       "Exit 3 when the range edits a migration that already existed at the base", ""},
  };
}

Status RunChanged(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"text", "json"}));
  if (flags.String("base").empty()) {
    return MakeError(ExitCode::kUsage,
                     "--base is required (push: github.event.before; pull request: the base "
                     "branch, e.g. origin/main)");
  }
  if (!flags.positional().empty()) {
    return MakeError(ExitCode::kUsage, "unexpected argument \"" + flags.positional()[0] + "\"");
  }

  git::ChangeRequest request;
  request.repository = flags.String("repo");
  request.range = {flags.String("base"), flags.String("head"), flags.String("default-branch")};
  request.folder = flags.String("path");
  auto report = git::DetectChanges(request);
  if (!report.ok()) return std::move(report).error().Wrap("changed");

  io.out << (format == "json" ? git::FormatJson(*report) : git::FormatText(*report));
  if (format == "json") {
    for (const git::ExistingMigrationEdit& edit : report->existing_edits) {
      io.err << "warning: " << git::DescribeEdit(edit) << "\n";
    }
  }
  if (flags.Has("github-output")) {
    KM_TRY_STATUS(
        git::AppendGithubOutputs(flags.String("github-output"), git::GithubOutputsOf(*report)));
  }
  if (flags.Bool("fail-on-modified") && !report->existing_edits.empty()) {
    return MakeError(ExitCode::kValidation,
                     "changed: " + std::to_string(report->existing_edits.size()) +
                         " edit(s) to migrations that already existed at the base, first: " +
                         git::DescribeEdit(report->existing_edits.front()) +
                         " (--fail-on-modified)");
  }
  return Ok();
}

}  // namespace km::cli
