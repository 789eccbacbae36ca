#include "migrations/folder_layout.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "util/files.h"

namespace km::migrations {
namespace {

bool IsHidden(const std::string& component) { return !component.empty() && component[0] == '.'; }

Error Invalid(const std::string& path, const std::string& what) {
  return MakeError(ExitCode::kValidation, path + ": " + what);
}

}  // namespace

Result<std::vector<FolderName>> ValidateFolderLayout(std::vector<std::string> entries,
                                                     const std::string& display_dir) {
  std::sort(entries.begin(), entries.end());
  auto shown = [&](const std::string& relative) { return display_dir + "/" + relative; };
  std::map<std::string, std::set<std::string>> folders;  // folder → its files
  for (const std::string& entry : entries) {
    const bool is_dir = !entry.empty() && entry.back() == '/';
    std::string path = is_dir ? entry.substr(0, entry.size() - 1) : entry;
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
      size_t slash = path.find('/', start);
      parts.push_back(path.substr(start, slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (std::any_of(parts.begin(), parts.end(), IsHidden)) continue;
    if (parts[0] == "meta" && (parts.size() > 1 || is_dir)) {
      return Invalid(shown("meta"), "a Drizzle Kit 0.x meta/ folder without _journal.json: restore "
                                    "meta/_journal.json, or finish `drizzle-kit up` (it removes meta/)");
    }
    if (parts.size() == 1 && !is_dir) {
      if (parts[0] == "migrations.js") continue;  // drizzle-kit generate --bundle
      std::string hint = parts[0].size() > 4 && parts[0].ends_with(".sql")
                             ? " (a Drizzle Kit 0.x migration without meta/_journal.json? run drizzle-kit up)"
                             : "";
      return Invalid(shown(entry), "stray file in a Drizzle Kit v1 migrations folder: only "
                                   "<YYYYMMDDhhmmss>_<name>/ folders belong here" + hint);
    }
    if (parts.size() == 1) {
      folders[parts[0]];
      continue;
    }
    if (parts.size() > 2 || is_dir) {
      return Invalid(shown(entry), std::string(is_dir ? "stray folder" : "stray file") +
                                       " inside a migration folder: it holds only " + kMigrationFile +
                                       " and " + kSnapshotFile);
    }
    if (parts[1] != kMigrationFile && parts[1] != kSnapshotFile) {
      return Invalid(shown(entry), std::string("stray file inside a migration folder: it holds only ") +
                                       kMigrationFile + " and " + kSnapshotFile);
    }
    folders[parts[0]].insert(parts[1]);
  }
  std::vector<FolderName> result;
  std::map<int64_t, std::string> by_time;
  for (const auto& [name, files] : folders) {
    auto parsed = ParseFolderName(name);
    if (!parsed) return Invalid(shown(name), parsed.error().message);
    if (!files.contains(kMigrationFile)) {
      return Invalid(shown(name + "/" + kMigrationFile),
                     "missing: every migration folder holds a migration.sql (drizzle-orm would skip "
                     "this folder silently)");
    }
    auto [it, inserted] = by_time.emplace(parsed->millis, name);
    if (!inserted) {
      return Invalid(shown(name), "has the same timestamp as " + shown(it->second) +
                                      ": their order and created_at would be the same; regenerate one "
                                      "of them (or rename its folder to a later second)");
    }
    result.push_back(std::move(parsed).value());
  }
  std::sort(result.begin(), result.end(),
            [](const FolderName& a, const FolderName& b) { return a.millis < b.millis; });
  return result;
}

Result<MigrationSet> LoadMigrationFolders(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> entries;
  std::error_code ec;
  // A symlinked migration folder is read through its link, as drizzle-orm reads
  // <folder>/migration.sql; recursion stops below the first level, so a link loop ends.
  for (fs::recursive_directory_iterator
           it(dir, fs::directory_options::follow_directory_symlink, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    // Lexical: the iterator's paths are `dir` / name. (fs::relative resolved symlinks: a
    // symlinked folder became "../elsewhere/…", and was then left out without a word.)
    std::string relative = it->path().lexically_relative(dir).generic_string();
    const bool is_dir = it->is_directory(ec);
    if (is_dir && it.depth() >= 1) it.disable_recursion_pending();  // reported as stray anyway
    entries.push_back(is_dir ? relative + "/" : relative);
  }
  if (ec) return MakeError(ExitCode::kValidation, "cannot list " + dir + ": " + ec.message());
  KM_TRY_ASSIGN(auto folders, ValidateFolderLayout(entries, dir));
  if (folders.empty()) {
    return MakeError(ExitCode::kValidation,
                     dir + " holds neither meta/_journal.json (Drizzle Kit 0.x) nor "
                           "<YYYYMMDDhhmmss>_<name>/migration.sql folders (Drizzle Kit v1)");
  }
  MigrationSet set;
  set.dir = dir;
  set.layout = Layout::kFolders;
  for (size_t i = 0; i < folders.size(); ++i) {
    std::string path = (fs::path(dir) / folders[i].tag / kMigrationFile).string();
    KM_TRY_ASSIGN(std::string bytes, ReadFile(path, ExitCode::kValidation));
    JournalEntry entry;
    entry.idx = static_cast<int64_t>(i);
    entry.when = folders[i].millis;
    entry.tag = folders[i].tag;
    KM_TRY_ASSIGN(Migration migration, MakeMigration(entry, path, std::move(bytes), Layout::kFolders));
    set.migrations.push_back(std::move(migration));
  }
  return set;
}

Status RefuseMigrationFoldersBesideJournal(const MigrationSet& journal_set) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it(journal_set.dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    std::string name = it->path().filename().string();
    if (ParseFolderName(name) && fs::exists(it->path() / kMigrationFile, ec)) {
      return MakeError(ExitCode::kValidation,
                       journal_set.dir + " holds both layouts: " + journal_set.journal_path +
                           " (Drizzle Kit 0.x) and the v1 migration folder " + (it->path() / kMigrationFile).string() +
                           "; finish or undo `drizzle-kit up` (it removes meta/) before migrating");
    }
  }
  return Ok();
}

}  // namespace km::migrations
