#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/project_defaults.h"
#include "cli/kube_flags.h"
#include "deploy/job_history.h"
#include "runner/db_status.h"

namespace km::cli {
namespace {

constexpr const char* kKubeFlagNames[] = {"namespace", "context", "kubeconfig", "cluster", "user"};

bool HasDatabase(const ParsedFlags& flags) {
  const char* env = std::getenv("DATABASE_URL");
  return !flags.String("database-url").empty() || (env != nullptr && *env != '\0');
}

// A cluster is asked for by a kube flag; one is at hand when a kubeconfig or the
// in-cluster service account exists.
bool ClusterAskedFor(const ParsedFlags& flags) {
  for (const char* name : kKubeFlagNames) {
    if (flags.Has(name)) return true;
  }
  return false;
}

bool ClusterAtHand() {
  const char* kubeconfig = std::getenv("KUBECONFIG");
  const char* home = std::getenv("HOME");
  const char* service_host = std::getenv("KUBERNETES_SERVICE_HOST");
  std::error_code ignored;
  return (kubeconfig != nullptr && *kubeconfig != '\0') || service_host != nullptr ||
         (home != nullptr && std::filesystem::exists(std::string(home) + "/.kube/config", ignored));
}

Result<std::vector<deploy::MigrationJob>> ListJobs(const ParsedFlags& flags,
                                                   const project::ProjectConfig& project,
                                                   std::string& namespace_) {
  KM_TRY_ASSIGN(auto client, KubeClientFromFlags(flags, project.namespace_.value_or("")));
  namespace_ = client->default_namespace();
  size_t limit = static_cast<size_t>(std::max<int64_t>(1, flags.Int("limit")));
  auto jobs = deploy::ListMigrationJobs(*client, namespace_, EffectiveString(flags, "app", project.app), limit);
  if (!jobs) return Error(jobs.error());
  return std::move(jobs).value();
}

}  // namespace

std::vector<FlagSpec> DbStatusFlags() {
  return Concat(
      DatabaseFlags(), KubeFlags(),
      std::vector<FlagSpec>{
          {"app", 0, FlagKind::kString, "NAME", "Only this app's migration Jobs", ""},
          {"limit", 0, FlagKind::kInt, "N", "How many recent migration Jobs to show", "10"},
      });
}

Status RunDbStatus(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"json", "text", "table"}, "text"));
  bool want_cluster = ClusterAskedFor(flags) || ClusterAtHand();
  bool want_database = HasDatabase(flags);
  if (!want_cluster && !want_database) {
    return MakeError(ExitCode::kUsage,
                     "nothing to show: pass --database-url (or set DATABASE_URL) and/or a "
                     "kubeconfig (--kubeconfig, $KUBECONFIG, ~/.kube/config)");
  }

  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  std::string cluster_json = "null", namespace_;
  std::vector<deploy::MigrationJob> jobs;
  if (want_cluster) {
    auto listed = ListJobs(flags, project, namespace_);
    if (listed) {
      jobs = std::move(listed).value();
      cluster_json = deploy::MigrationJobsJson(jobs, namespace_);
    } else if (ClusterAskedFor(flags) || !want_database) {
      return std::move(listed).error();
    } else {
      // A kubeconfig was merely at hand: the database view alone is still an answer.
      io.err << "warning: no cluster part: " << listed.error().message << "\n";
      want_cluster = false;
    }
  }
  std::optional<runner::DatabaseStatus> database;
  if (want_database) {
    KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags, project));
    auto read = runner::ReadDatabaseStatus(options);
    if (!read) return std::move(read).error();
    database.emplace(std::move(read).value());
  }

  if (format == "json") {
    io.out << R"({"cluster":)" << cluster_json << R"(,"database":)"
           << (database ? runner::DatabaseStatusJson(*database) : "null") << "}\n";
    return Ok();
  }
  if (want_cluster) {
    io.out << "Migration jobs in namespace " << namespace_ << ":\n";
    deploy::PrintMigrationJobs(jobs, namespace_, io.out);
  }
  if (database) {
    if (want_cluster) io.out << "\nDatabase:\n";
    runner::PrintDatabaseStatus(*database, io.out);
  }
  return Ok();
}

}  // namespace km::cli
