// A Drizzle Kit v1 migrations folder from a pull request: the input is its listing,
// one path per line ("20261124133532_init/" a folder, "20261124133532_init/migration.sql"
// a file), then an empty line and the text every file holds.
//  - ValidateFolderLayout on the listing, ParseFolderName on every line and the
//    timestamp functions on what it accepts (they must give the name back);
//  - the same tree made in a scratch folder and read by LoadMigrationSet, which
//    must accept it exactly when ValidateFolderLayout accepts the listing, and load
//    the same folders in the same order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "migrations/folder_layout.h"
#include "migrations/folder_name.h"
#include "migrations/migration_set.h"

namespace fs = std::filesystem;
namespace mig = km::migrations;

namespace {

constexpr size_t kMaxEntries = 12;

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// What accepted names promise: the timestamp functions give them back.
void CheckName(const std::string& line) {
  auto name = mig::ParseFolderName(line);
  if (!name) {
    km::fuzz::Check(!name.error().message.empty(), "a refused folder name without a message");
    return;
  }
  km::fuzz::Check(name->tag == line, "the tag is not the folder name");
  km::fuzz::Check(name->millis % 1000 == 0 && mig::TruncateToSeconds(name->millis) == name->millis,
                  "a folder timestamp with milliseconds");
  km::fuzz::Check(mig::FolderTimestamp(name->millis) == line.substr(0, 14),
                  "FolderTimestamp does not give the folder's timestamp back");
  km::fuzz::Check(mig::UpgradedFolderName(line, name->millis) == line,
                  "UpgradedFolderName does not give the folder name back");
}

// A path that names something inside the scratch folder: no empty, "." or ".."
// component, no NUL, names the file system takes.
bool Creatable(const std::string& entry) {
  if (entry.empty() || entry.front() == '/' || entry.find('\0') != std::string::npos) return false;
  std::string_view path(entry);
  if (path.back() == '/') path.remove_suffix(1);
  size_t start = 0;
  for (;;) {
    size_t slash = path.find('/', start);
    std::string_view part = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part.empty() || part == "." || part == ".." || part.size() > 200) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// Makes the tree; false when the listing cannot be one (a file and a folder of
// the same name).
bool MakeTree(const fs::path& root, const std::vector<std::string>& entries, std::string_view content) {
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root, ec);
  if (ec) return false;
  for (const std::string& entry : entries) {
    fs::path path = root / entry;
    if (entry.back() == '/') {
      fs::create_directories(path, ec);
      if (ec) return false;
      continue;
    }
    fs::create_directories(path.parent_path(), ec);
    if (ec || fs::is_directory(path, ec)) return false;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!file) return false;
  }
  return true;
}

// The listing LoadMigrationFolders makes of the tree: every file and folder.
std::vector<std::string> Listing(const fs::path& root) {
  std::vector<std::string> entries;
  for (const auto& it : fs::recursive_directory_iterator(root)) {
    std::string relative = it.path().lexically_relative(root).generic_string();
    entries.push_back(it.is_directory() ? relative + "/" : relative);
  }
  return entries;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t blank = input.find("\n\n");
  std::string_view content = blank == std::string_view::npos ? "SELECT 1;\n" : input.substr(blank + 2);
  std::vector<std::string> entries = Lines(input.substr(0, blank));

  for (const std::string& line : entries) {
    CheckName(line);
    if (!line.empty() && line.back() == '/') CheckName(line.substr(0, line.size() - 1));
  }
  auto validated = mig::ValidateFolderLayout(entries, "migrations");
  if (validated) {
    for (size_t i = 1; i < validated->size(); ++i) {
      km::fuzz::Check((*validated)[i - 1].millis < (*validated)[i].millis,
                      "folders not in strictly increasing timestamp order");
    }
    for (const mig::FolderName& folder : *validated) {
      km::fuzz::Check(mig::ParseFolderName(folder.tag).ok(), "an accepted folder name does not parse");
    }
  } else {
    km::fuzz::Check(validated.error().message.starts_with("migrations/"),
                    "a layout error that does not name the path");
  }

  // The reader on a real tree, for listings that can be one.
  if (entries.empty() || entries.size() > kMaxEntries) return 0;
  for (const std::string& entry : entries) {
    if (!Creatable(entry)) return 0;
  }
  static const km::fuzz::ScratchFile scratch("folder-layout");
  const fs::path root = scratch.Path() + ".d";
  if (!MakeTree(root, entries, content)) return 0;
  const std::vector<std::string> listing = Listing(root);
  const bool journal = std::find(listing.begin(), listing.end(), "meta/_journal.json") != listing.end();
  auto expected = mig::ValidateFolderLayout(listing, root.string());
  auto loaded = mig::LoadMigrationSet(root.string());
  if (!journal) {
    mig::JournalEntry any;
    any.tag = "20261124133532_any";
    const bool content_ok = mig::MakeMigration(any, "migration.sql", std::string(content), mig::Layout::kFolders).ok();
    const bool should_load = expected.ok() && !expected->empty() && content_ok;
    km::fuzz::Check(loaded.ok() == should_load,
                    "LoadMigrationSet and ValidateFolderLayout disagree about the folder");
    if (loaded) {
      km::fuzz::Check(loaded->layout == mig::Layout::kFolders && loaded->migrations.size() == expected->size(),
                      "loaded another number of migration folders");
      for (size_t i = 0; i < expected->size(); ++i) {
        const mig::Migration& m = loaded->migrations[i];
        km::fuzz::Check(m.tag == (*expected)[i].tag && m.when == (*expected)[i].millis &&
                            m.history_name == m.tag && m.path == (root / m.tag / "migration.sql").string(),
                        "a loaded migration is not its folder");
      }
    }
  }
  std::error_code ec;
  fs::remove_all(root, ec);
  return 0;
}
