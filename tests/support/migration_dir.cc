#include "migration_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace km::testing {

void WriteFile(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

MigrationDir::MigrationDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "km-migrations-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
  WriteJournalFromEntries();
}

MigrationDir::~MigrationDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

MigrationDir& MigrationDir::Add(const std::string& tag, int64_t when,
                                const std::vector<std::string>& statements) {
  std::string sql;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) sql += "\n--> statement-breakpoint\n";
    sql += statements[i];
  }
  WriteFile(path_ + "/" + tag + ".sql", sql);
  entries_.push_back({tag, when});
  WriteJournalFromEntries();
  return *this;
}

void MigrationDir::Edit(const std::string& tag, const std::string& sql) {
  WriteFile(path_ + "/" + tag + ".sql", sql);
}

void MigrationDir::RemoveFile(const std::string& tag) {
  std::filesystem::remove(path_ + "/" + tag + ".sql");
}

void MigrationDir::WriteJournal(const std::string& text) {
  WriteFile(path_ + "/meta/_journal.json", text);
}

void MigrationDir::WriteJournalFromEntries() {
  std::string json = R"({"version":"7","dialect":"postgresql","entries":[)";
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0) json += ",";
    json += R"({"idx":)" + std::to_string(i) + R"(,"version":"7","when":)" +
            std::to_string(entries_[i].when) + R"(,"tag":")" + entries_[i].tag +
            R"(","breakpoints":true})";
  }
  json += "]}";
  WriteJournal(json);
}

}  // namespace km::testing

namespace km::testing {

MigrationFolders::MigrationFolders() {
  std::string pattern = (std::filesystem::temp_directory_path() / "km-folders-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

MigrationFolders::~MigrationFolders() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

MigrationFolders& MigrationFolders::Add(const std::string& name, const std::vector<std::string>& statements) {
  std::string sql;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) sql += "\n--> statement-breakpoint\n";
    sql += statements[i];
  }
  WriteFile(path_ + "/" + name + "/migration.sql", sql);
  WriteFile(path_ + "/" + name + "/snapshot.json", "{}");
  return *this;
}

}  // namespace km::testing
