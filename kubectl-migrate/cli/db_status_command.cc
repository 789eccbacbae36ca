#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/project_defaults.h"
#include "cli/kube_flags.h"
#include "deploy/job_history.h"
#include "kube/json.h"
#include "records/record_text.h"
#include "records/store.h"
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

// One app's run records, or why they could not be read.
struct AppRecords {
  std::string app;
  std::vector<records::RunRecord> runs;
  std::string error;
};

struct ClusterView {
  std::string namespace_;
  std::vector<deploy::MigrationJob> jobs;
  std::vector<AppRecords> records;
};

// The run records of --app (or the project file's app), else of every app a listed Job
// names and of the namespace's own (what `run -n NS` records under). A record that cannot
// be read (a Role without configmaps, a broken ConfigMap) is a warning, not a failure.
std::vector<AppRecords> ReadRecords(kube::Client& client, const ParsedFlags& flags,
                                    const project::ProjectConfig& project, const ClusterView& view) {
  std::vector<std::string> apps;
  auto add = [&](const std::string& app) {
    if (!app.empty() && std::find(apps.begin(), apps.end(), app) == apps.end()) apps.push_back(app);
  };
  std::string chosen = EffectiveString(flags, "app", project.app);
  if (!chosen.empty()) {
    add(chosen);
  } else {
    for (const deploy::MigrationJob& job : view.jobs) add(job.app);
    add(RecordedApp(flags, project, "", view.namespace_));
  }
  std::vector<AppRecords> found;
  for (const std::string& app : apps) {
    auto history = records::ReadHistory(client, view.namespace_, app);
    if (!history) {
      found.push_back({app, {}, history.error().message});
    } else if (!history->empty()) {
      found.push_back({app, std::move(history).value(), ""});
    }
  }
  return found;
}

Result<ClusterView> ReadCluster(const ParsedFlags& flags, const project::ProjectConfig& project) {
  KM_TRY_ASSIGN(auto client, KubeClientFromFlags(flags, project.namespace_.value_or("")));
  ClusterView view;
  view.namespace_ = client->default_namespace();
  size_t limit = static_cast<size_t>(std::max<int64_t>(1, flags.Int("limit")));
  auto jobs = deploy::ListMigrationJobs(*client, view.namespace_, EffectiveString(flags, "app", project.app), limit);
  if (!jobs) return Error(jobs.error());
  view.jobs = std::move(jobs).value();
  view.records = ReadRecords(*client, flags, project, view);
  return view;
}

// {"app":…,"configmap":…,"runs":[…newest `limit`…]} for each app with records.
std::string RecordsJson(const std::vector<AppRecords>& found, size_t limit) {
  std::string json = "[";
  for (const AppRecords& app : found) {
    if (!app.error.empty()) continue;
    json += std::string(json.size() > 1 ? "," : "") + R"({"app":)" + kube::QuoteJson(app.app) + R"(,"configmap":)" +
            kube::QuoteJson(records::ConfigMapName(app.app)) + R"(,"runs":[)";
    for (size_t i = 0; i < std::min(limit, app.runs.size()); ++i) {
      json += (i > 0 ? "," : "") + records::RecordJson(app.runs[i]);
    }
    json += "]}";
  }
  return json + "]";
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
  std::string cluster_json = "null";
  ClusterView view;
  const size_t limit = static_cast<size_t>(std::max<int64_t>(1, flags.Int("limit")));
  if (want_cluster) {
    auto listed = ReadCluster(flags, project);
    if (listed) {
      view = std::move(listed).value();
      cluster_json = deploy::MigrationJobsJson(view.jobs, view.namespace_);
      // The object gets one more member: the run records that outlive the Jobs.
      cluster_json.pop_back();
      cluster_json += R"(,"records":)" + RecordsJson(view.records, limit) + "}";
      for (const AppRecords& app : view.records) {
        if (!app.error.empty()) io.err << "warning: run records of app " << app.app << ": " << app.error << "\n";
      }
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
    io.out << "Migration jobs in namespace " << view.namespace_ << ":\n";
    deploy::PrintMigrationJobs(view.jobs, view.namespace_, io.out);
    for (const AppRecords& app : view.records) {
      if (!app.error.empty()) continue;
      io.out << "\nRecent runs of app " << app.app << " (configmap/" << records::ConfigMapName(app.app)
             << "; kubectl migrate logs --app " << app.app << " [--failed | --job NAME]):\n";
      records::PrintRecordTable(app.runs, limit, io.out);
    }
  }
  if (database) {
    if (want_cluster) io.out << "\nDatabase:\n";
    runner::PrintDatabaseStatus(*database, io.out);
  }
  return Ok();
}

}  // namespace km::cli
