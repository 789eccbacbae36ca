#include "git/change_detection.h"

#include <algorithm>

#include "git/journal_changes.h"
#include "migrations/folder_layout.h"
#include "migrations/folder_name.h"

namespace km::git {
namespace {

std::string JoinPath(const std::string& folder, const std::string& name) {
  return folder.empty() ? name : folder + "/" + name;
}

// The Drizzle Kit v1 migration folder name of `path` when it is
// "<folder>/<YYYYMMDDhhmmss>_<name>/migration.sql"; empty otherwise.
std::string V1MigrationTag(const std::string& folder, const std::string& path) {
  std::string prefix = folder.empty() ? "" : folder + "/";
  const std::string suffix = std::string("/") + migrations::kMigrationFile;
  if (!path.starts_with(prefix) || !path.ends_with(suffix)) return "";
  std::string tag = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (tag.find('/') != std::string::npos || !migrations::ParseFolderName(tag)) return "";
  return tag;
}

// `drizzle-kit up` moves "<folder>/<tag>.sql" unchanged to "<folder>/<ts>_<name>/migration.sql":
// the same migration in the new layout, not an edit.
bool IsLayoutConversion(const std::string& folder, const FileChange& file) {
  if (file.status != ChangeStatus::kRenamed || file.similarity != 100) return false;
  std::string prefix = folder.empty() ? "" : folder + "/";
  std::string old_name = file.old_path.substr(std::min(prefix.size(), file.old_path.size()));
  return old_name.ends_with(".sql") && old_name.find('/') == std::string::npos &&
         !V1MigrationTag(folder, file.path).empty();
}

// v1 folders: a migration.sql added in the range is a new migration, its tag the folder name.
void AddFolderTags(const ChangeReport& report, std::vector<std::string>& tags) {
  for (const FileChange& file : report.files) {
    if (file.status != ChangeStatus::kAdded) continue;
    std::string tag = V1MigrationTag(report.folder, file.path);
    if (!tag.empty()) tags.push_back(tag);
  }
}

void AddSqlEdits(const std::string& folder, const std::vector<FileChange>& files,
                 std::vector<ExistingMigrationEdit>& edits) {
  for (const FileChange& file : files) {
    const std::string& base_path =
        file.status == ChangeStatus::kRenamed ? file.old_path : file.path;
    // A snapshot.json edit changes no migration: only .sql files count.
    if (file.status == ChangeStatus::kAdded || !base_path.ends_with(".sql")) continue;
    if (IsLayoutConversion(folder, file)) continue;
    std::string edit = file.status == ChangeStatus::kRenamed ? "renamed to " + file.path
                                                             : ChangeStatusName(file.status);
    edits.push_back({base_path, edit, ""});
  }
}

// The journal at one side of the range; an empty journal when the side is
// the empty tree or has no journal. A journal that does not parse becomes a
// warning, not an error: this command reports, `validate` judges.
migrations::Journal ReadJournal(const Repository& repo, git_tree* tree, const std::string& path,
                                const std::string& side, std::vector<std::string>& warnings,
                                bool& readable) {
  if (tree == nullptr) return {};
  auto text = repo.ReadFileAt(tree, path);
  if (!text.ok()) {
    warnings.push_back(text.error().message);
    readable = false;
    return {};
  }
  if (!text->has_value()) return {};
  auto journal = migrations::ParseJournal(**text, path + " at " + side);
  if (!journal.ok()) {
    warnings.push_back(journal.error().message + "; journal tags not compared");
    readable = false;
    return {};
  }
  return std::move(journal).value();
}

// The journal entry's <tag>.sql went unchanged into a v1 folder: `drizzle-kit up`.
bool MovedByDrizzleKitUp(const ChangeReport& report, const std::string& tag) {
  const std::string sql = JoinPath(report.folder, tag + ".sql");
  for (const FileChange& file : report.files) {
    if (file.old_path == sql && IsLayoutConversion(report.folder, file)) return true;
  }
  return false;
}

void AddJournalChanges(const Repository& repo, git_tree* from, git_tree* to,
                       const std::string& journal_path, ChangeReport& report) {
  bool readable = true;
  migrations::Journal base =
      ReadJournal(repo, from, journal_path, "base", report.warnings, readable);
  migrations::Journal head = ReadJournal(repo, to, journal_path, "head", report.warnings, readable);
  if (!readable) return;
  JournalChanges changes = CompareJournals(base, head);
  report.added_tags = std::move(changes.added_tags);
  for (const std::string& tag : changes.edited_tags) {
    report.existing_edits.push_back({journal_path, "entry edited", tag});
  }
  for (const std::string& tag : changes.removed_tags) {
    if (MovedByDrizzleKitUp(report, tag)) continue;
    report.existing_edits.push_back({journal_path, "entry removed", tag});
  }
}

Status CheckFolderExists(const Repository& repo, git_tree* from, git_tree* to,
                         const ChangeReport& report) {
  if (report.folder.empty()) return Ok();
  for (git_tree* tree : {to, from}) {
    if (tree == nullptr) continue;
    KM_TRY_ASSIGN(bool exists, repo.PathExists(tree, report.folder));
    if (exists) return Ok();
  }
  return MakeError(ExitCode::kUsage, "repository " + repo.location() + ": --path " + report.folder +
                                         " exists neither at --head " + report.head +
                                         " nor at the base of the range");
}

}  // namespace

std::string DescribeEdit(const ExistingMigrationEdit& edit) {
  std::string what =
      edit.tag.empty() ? edit.edit : "journal " + edit.edit + " \"" + edit.tag + "\"";
  return edit.path + ": modifies an existing migration (" + what +
         "): it may already be applied; that is how drift is born";
}

Result<ChangeReport> DetectChanges(const ChangeRequest& request) {
  KM_TRY_ASSIGN(Repository repo, Repository::Open(request.repository));
  KM_TRY_ASSIGN(ResolvedRange range, ResolveRange(repo, request.range));

  ChangeReport report;
  report.folder = NormalizeFolder(request.folder);
  report.base = request.range.base;
  report.head = request.range.head;
  report.to_commit = ToHex(range.to);
  report.range_kind = range.kind;
  report.range_note = range.note;

  TreePtr from;
  if (range.from) {
    report.from_commit = ToHex(*range.from);
    KM_TRY_ASSIGN(from, repo.TreeOf(*range.from));
  }
  KM_TRY_ASSIGN(TreePtr to, repo.TreeOf(range.to));
  KM_TRY_STATUS(CheckFolderExists(repo, from.get(), to.get(), report));
  KM_TRY_ASSIGN(report.files, DiffUnderFolder(repo, from.get(), to.get(), report.folder));

  AddSqlEdits(report.folder, report.files, report.existing_edits);
  std::string journal_path = JoinPath(report.folder, "meta/_journal.json");
  for (const FileChange& file : report.files) {
    if (file.path == journal_path || file.old_path == journal_path) {
      AddJournalChanges(repo, from.get(), to.get(), journal_path, report);
      break;
    }
  }
  AddFolderTags(report, report.added_tags);
  return report;
}

}  // namespace km::git
