#include "migrations/migration_set.h"

#include <filesystem>

#include "migrations/folder_layout.h"
#include "migrations/folder_name.h"
#include "migrations/sql_text.h"
#include "util/files.h"
#include "util/sha256.h"
#include "util/utf8.h"

namespace km::migrations {

const char* LayoutName(Layout layout) {
  return layout == Layout::kFolders ? "folders" : "journal";
}

std::string MigrationSet::Source() const {
  return layout == Layout::kJournal ? journal_path : dir + " (migration folders)";
}

bool HasJournal(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(dir) / "meta" / "_journal.json", ec);
}

Result<Migration> MakeMigration(const JournalEntry& entry, std::string path, std::string file_bytes,
                                Layout layout) {
  // drizzle-orm hashes and runs the file as decoded UTF-8; so do we.
  std::string sql = NormalizeUtf8LikeNode(file_bytes);
  Migration m;
  m.idx = entry.idx;
  m.when = entry.when;
  m.tag = entry.tag;
  m.layout = layout;
  m.history_name = layout == Layout::kFolders ? entry.tag : UpgradedFolderName(entry.tag, entry.when);
  m.path = std::move(path);
  m.hash = Sha256Hex(sql);
  for (auto& chunk : SplitChunks(sql)) {
    m.statements.push_back(std::move(chunk.text));
    m.statement_offsets.push_back(chunk.offset);
  }
  std::string first_reason;
  for (size_t i = 0; i < m.statements.size(); ++i) {
    auto reason = ChunkNoTransactionReason(m.statements[i]);
    if (!reason) {
      return std::move(reason).error().Wrap("migration " + m.tag + " (" + m.path + "), statement " +
                                            std::to_string(i + 1));
    }
    if (first_reason.empty() && !reason->empty()) {
      first_reason = "statement " + std::to_string(i + 1) + ": " + *reason;
    }
  }
  if (HasNoTransactionDirective(sql)) {
    m.no_transaction_reason = "marked with \"" + std::string(kNoTransactionDirective) + "\"";
  } else {
    m.no_transaction_reason = first_reason;
  }
  m.sql = std::move(sql);
  return m;
}

Result<MigrationSet> LoadMigrationSet(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return MakeError(ExitCode::kValidation, "migrations folder " + dir + " not found");
  }
  if (!HasJournal(dir)) return LoadMigrationFolders(dir);
  MigrationSet set;
  set.dir = dir;
  set.journal_path = (fs::path(dir) / "meta" / "_journal.json").string();
  KM_TRY_ASSIGN(std::string journal_text, ReadFile(set.journal_path, ExitCode::kValidation));
  KM_TRY_ASSIGN(Journal journal, ParseJournal(journal_text, set.journal_path));
  for (const JournalEntry& entry : journal.entries) {
    std::string path = (fs::path(dir) / (entry.tag + ".sql")).string();
    auto sql = ReadFile(path, ExitCode::kValidation);
    if (!sql) {
      return MakeError(ExitCode::kValidation, "migration " + entry.tag + " is in " +
                                                  set.journal_path + " but its file is missing: " +
                                                  sql.error().message);
    }
    KM_TRY_ASSIGN(Migration migration, MakeMigration(entry, path, std::move(sql).value()));
    set.migrations.push_back(std::move(migration));
  }
  KM_TRY_STATUS(RefuseMigrationFoldersBesideJournal(set));
  return set;
}

}  // namespace km::migrations
