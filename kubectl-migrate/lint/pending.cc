#include "lint/pending.h"

#include <filesystem>

#include "db/connection.h"
#include "git/change_detection.h"
#include "git/repository.h"
#include "migrations/reconcile.h"

namespace km::lint {

Result<std::set<std::string>> PendingInDatabase(const migrations::MigrationSet& set,
                                                const std::string& database_url,
                                                const db::HistoryTable& table) {
  KM_TRY_ASSIGN(auto connection, db::Connection::Open(database_url, "kubectl-migrate lint"));
  KM_TRY_ASSIGN(auto rows, db::ReadHistory(connection, table));
  const migrations::Reconciliation reconciliation = migrations::Reconcile(set.migrations, rows);
  std::set<std::string> pending;
  for (const migrations::MigrationStatus& status : reconciliation.statuses) {
    if (status.state == migrations::MigrationState::kPending ||
        status.state == migrations::MigrationState::kOutOfOrder) {
      pending.insert(status.migration->tag);
    }
  }
  return pending;
}

Result<std::set<std::string>> AddedInGitRange(const std::string& dir,
                                              const git::RangeRequest& range) {
  namespace fs = std::filesystem;
  KM_TRY_ASSIGN(auto repository, git::Repository::Open(dir));
  const char* workdir = git_repository_workdir(repository.raw());
  if (workdir == nullptr) {
    return MakeError(ExitCode::kUsage, "--base: " + dir + " is in a bare repository");
  }
  std::error_code ec;
  fs::path folder = fs::weakly_canonical(fs::absolute(dir), ec)
                        .lexically_relative(fs::weakly_canonical(workdir, ec));
  git::ChangeRequest request;
  request.repository = dir;
  request.range = range;
  request.folder = folder == "." ? "" : folder.generic_string();
  KM_TRY_ASSIGN(auto report, git::DetectChanges(request));
  return std::set<std::string>(report.added_tags.begin(), report.added_tags.end());
}

}  // namespace km::lint
