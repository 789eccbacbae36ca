#include <pwd.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <ctime>

#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/kube_flags.h"
#include "cli/run_display.h"
#include "deploy/job_template.h"
#include "deploy/run.h"
#include "deploy/run_report.h"
#include "kube/yaml_json.h"

namespace km::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted = true; }

std::string EnvOr(const char* name, const std::string& fallback = "") {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// --rollback deployment/NAME (also deploy/, deployments/, deployment.apps/) → NAME.
Result<std::vector<std::string>> RollbackTargets(const ParsedFlags& flags) {
  std::vector<std::string> names;
  if (flags.Bool("no-rollback")) return names;
  for (const std::string& target : flags.List("rollback")) {
    size_t slash = target.find('/');
    std::string kind = slash == std::string::npos ? "" : target.substr(0, slash);
    std::string name = slash == std::string::npos ? "" : target.substr(slash + 1);
    bool deployment = kind == "deployment" || kind == "deployments" || kind == "deploy" ||
                      kind == "deployment.apps" || kind == "deployments.apps";
    if (!deployment || name.empty()) {
      return MakeError(ExitCode::kUsage,
                       "--rollback must be deployment/NAME, not \"" + target + "\"");
    }
    names.push_back(name);
  }
  return names;
}

std::optional<int64_t> Seconds(const ParsedFlags& flags, const char* name) {
  if (!flags.Has(name)) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(flags.Duration(name)).count();
}

// Labels and annotations that record who ran what.
Status Record(const ParsedFlags& flags, const std::string& app, const std::string& schema_version,
              deploy::JobSettings& settings) {
  std::string commit = flags.String("commit");
  if (commit.empty()) commit = EnvOr("GITHUB_SHA");
  std::string triggered_by = flags.String("triggered-by");
  if (triggered_by.empty()) triggered_by = EnvOr("GITHUB_ACTOR", EnvOr("USER"));
  if (const passwd* user = getpwuid(getuid()); triggered_by.empty() && user != nullptr) {
    triggered_by = user->pw_name;
  }
  settings.labels["kubectl-migrate/app"] = deploy::ToLabelValue(app);
  auto record = [&](const std::string& key, const std::string& value) {
    if (value.empty()) return;
    settings.annotations["kubectl-migrate/" + key] = value;
    if (key != "triggered-by" && key != "approved-by") {
      settings.labels["kubectl-migrate/" + key] = deploy::ToLabelValue(value);
    }
  };
  record("commit", commit);
  record("schema-version", schema_version);
  record("triggered-by", triggered_by);
  record("approved-by", flags.String("approved-by"));
  for (const std::string& pair : flags.List("annotation")) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return MakeError(ExitCode::kUsage, "--annotation must be KEY=VALUE, not \"" + pair + "\"");
    }
    settings.annotations[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return Ok();
}

Status PrintDryRun(const deploy::RunPlan& plan, bool json, Io& io) {
  if (json) {
    if (!plan.bundle) {
      io.out << kube::ToJson(plan.job) << "\n";
    } else {
      io.out << R"({"apiVersion":"v1","kind":"List","items":[)"
             << kube::ToJson(plan.bundle->configmap) << "," << kube::ToJson(plan.job) << "]}\n";
    }
    return Ok();
  }
  if (plan.bundle) io.out << kube::JsonToYaml(plan.bundle->configmap) << "---\n";
  io.out << kube::JsonToYaml(plan.job);
  return Ok();
}

}  // namespace

std::vector<FlagSpec> RunFlags() {
  return Concat(
      KubeFlags(),
      std::vector<FlagSpec>{
          {"app", 0, FlagKind::kString, "NAME",
           "Application name: the Job is <app>-migrate-<UTC time>-<suffix> (default: the first "
           "--rollback deployment's name)",
           ""},
          {"manifest", 0, FlagKind::kString, "FILE",
           "Job template (default: manifests/migration-job.yaml as compiled in)", ""},
          {"image", 0, FlagKind::kString, "IMAGE", "Container image (default: the template's)", ""},
          {"service-account", 0, FlagKind::kString, "NAME", "Service account of the Job's pod", ""},
          {"backoff-limit", 0, FlagKind::kInt, "N", "Retries before the Job fails (template: 3)",
           ""},
          {"ttl", 0, FlagKind::kDuration, "DURATION",
           "ttlSecondsAfterFinished: delete the finished Job after this (template: 300s)", ""},
          {"active-deadline", 0, FlagKind::kDuration, "DURATION",
           "activeDeadlineSeconds: fail the Job after this long (template: none)", ""},
          {"env-configmap", 0, FlagKind::kString, "NAME",
           "ConfigMap the container gets its environment from (envFrom)", ""},
          {"env-secret", 0, FlagKind::kString, "NAME",
           "Secret with DATABASE_URL the container gets its environment from (envFrom)", ""},
          {"migrations", 0, FlagKind::kString, "DIR",
           "Ship this local Drizzle folder to the Job as an immutable ConfigMap (at most 1 MiB) "
           "mounted at /migrations",
           ""},
          {"schema-version", 0, FlagKind::kString, "TAG",
           "Schema version to record (default: the last journal tag of --migrations)", ""},
          {"timeout", 0, FlagKind::kDuration, "DURATION",
           "How long to wait for the Job to succeed or fail", "300s"},
          {"rollback", 0, FlagKind::kStringList, "deployment/NAME",
           "On failure or timeout, `rollout undo` this Deployment (repeatable)", ""},
          {"no-rollback", 0, FlagKind::kBool, "", "Never roll back, whatever --rollback says", ""},
          {"commit", 0, FlagKind::kString, "SHA", "Commit being deployed (default: $GITHUB_SHA)",
           ""},
          {"triggered-by", 0, FlagKind::kString, "NAME",
           "Who started the run (default: $GITHUB_ACTOR, else $USER)", ""},
          {"approved-by", 0, FlagKind::kString, "NAME",
           "Who approved the run (annotation kubectl-migrate/approved-by)", ""},
          {"annotation", 0, FlagKind::kStringList, "KEY=VALUE",
           "Extra annotation on the Job (repeatable)", ""},
          {"dry-run", 0, FlagKind::kBool, "",
           "Print the Job (and ConfigMap) that would be created; create nothing", ""},
          {"output", 'o', FlagKind::kString, "FORMAT",
           "json: a JSON summary on stdout at the end (with --dry-run: the Job as JSON)", ""},
      });
}

Status RunRun(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"json", "yaml", "text"}));
  KM_TRY_ASSIGN(std::vector<std::string> rollback, RollbackTargets(flags));
  std::string app = flags.String("app");
  if (app.empty() && !flags.List("rollback").empty()) {
    app = flags.List("rollback").front().substr(flags.List("rollback").front().find('/') + 1);
  }
  if (app.empty())
    return MakeError(ExitCode::kUsage, "run needs --app NAME (or a --rollback deployment)");
  if (flags.Has("backoff-limit") && flags.Int("backoff-limit") < 0) {
    return MakeError(ExitCode::kUsage, "--backoff-limit must not be negative");
  }

  // `--dry-run -n NS` needs no cluster (a CI plan step has no credentials yet);
  // everything else reads the kubeconfig like kubectl.
  std::unique_ptr<kube::Client> client;
  std::string namespace_ = flags.String("namespace");
  if (!flags.Bool("dry-run") || namespace_.empty()) {
    KM_TRY_ASSIGN(client, KubeClientFromFlags(flags));
    namespace_ = client->default_namespace();
  }
  KM_TRY_ASSIGN(kube::JsonDoc job_template, deploy::LoadJobTemplate(flags.String("manifest")));

  deploy::RunPlan plan;
  plan.namespace_ = namespace_;
  plan.timeout = flags.Duration("timeout");
  plan.rollback = rollback;
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  plan.next_name = [app, now] { return kube::MakeRunJobName(app, now, kube::RandomNameSuffix(5)); };

  deploy::JobSettings settings;
  settings.name = plan.next_name();
  settings.namespace_ = plan.namespace_;
  settings.image = flags.String("image");
  settings.command = flags.positional();
  settings.service_account = flags.String("service-account");
  if (flags.Has("backoff-limit")) settings.backoff_limit = flags.Int("backoff-limit");
  settings.ttl_seconds = Seconds(flags, "ttl");
  settings.active_deadline_seconds = Seconds(flags, "active-deadline");
  settings.env_configmap = flags.String("env-configmap");
  settings.env_secret = flags.String("env-secret");
  std::string schema_version = flags.String("schema-version");
  if (!flags.String("migrations").empty()) {
    KM_TRY_ASSIGN(plan.bundle, deploy::BundleMigrations(flags.String("migrations"),
                                                        settings.name + "-migrations"));
    plan.bundle->configmap["metadata"].AddMember(
        "namespace",
        kube::JsonValue(plan.namespace_.c_str(), plan.bundle->configmap.GetAllocator()),
        plan.bundle->configmap.GetAllocator());
    settings.migrations_configmap = settings.name + "-migrations";
    settings.migrations_items = plan.bundle->items;
    if (schema_version.empty()) schema_version = plan.bundle->schema_version;
  }
  KM_TRY_STATUS(Record(flags, app, schema_version, settings));
  KM_TRY_ASSIGN(plan.job, deploy::BuildJob(job_template, settings));
  if (flags.Bool("dry-run")) return PrintDryRun(plan, format == "json", io);

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  RunDisplay display(io, plan.timeout);
  deploy::RunCallbacks callbacks;
  std::string ns = plan.namespace_;
  callbacks.created = [&](const std::string& name) { display.Created(name, ns); };
  callbacks.status = [&](const kube::JobStatus& status) { display.Status(status); };
  callbacks.log = [&](const kube::LogLine& line) { display.Log(line); };
  callbacks.warning = [&](const std::string& message) { display.Warning(message); };
  auto report = deploy::RunMigration(*client, std::move(plan), callbacks, &g_interrupted);
  display.Close();
  if (!report) return std::move(report).error();

  if (format == "json") {
    io.out << deploy::RunReportJson(*report) << "\n";
  } else {
    io.out << deploy::RunReportText(*report);
  }
  if (report->exit_code == ExitCode::kOk) return Ok();
  std::string message = "job/" + report->job_name + " " + report->outcome;
  if (report->outcome == "failed") {
    message = "job/" + report->job_name + " " + report->detail;
  } else if (report->outcome == "timed out") {
    message += " after " + FormatSeconds(flags.Duration("timeout").count() / 1000) +
               " (it keeps running; kubectl -n " + ns + " delete job/" + report->job_name +
               " stops it)";
  } else if (report->outcome == "cancelled") {
    message += " (it keeps running in the cluster)";
  } else {
    message += ": " + report->detail;
  }
  for (const deploy::RollbackResult& result : report->rollbacks) {
    message +=
        result.result == "error" ? "; rollback failed: " + result.message : "; " + result.message;
  }
  return MakeError(report->exit_code, message);
}

}  // namespace km::cli
