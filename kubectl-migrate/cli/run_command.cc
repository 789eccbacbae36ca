#include <pwd.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <ctime>

#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/kube_flags.h"
#include "cli/project_defaults.h"
#include "cli/run_display.h"
#include "deploy/job_template.h"
#include "deploy/run.h"
#include "deploy/run_record.h"
#include "deploy/run_report.h"
#include "kube/yaml_json.h"
#include "records/store.h"
#include "util/strings.h"

namespace km::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted = true; }

// Saves the run's record (records/) for `status` and `logs`; a run whose record
// cannot be saved (e.g. a Role without configmaps) still ends with its own outcome.
void SaveRunRecord(kube::Client& client, const deploy::RunReport& report, const deploy::RunOrigin& origin,
                   size_t keep, RunDisplay& display) {
  if (report.job_name.empty()) return;
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  auto saved = records::SaveRecord(client, report.namespace_, deploy::MakeRunRecord(report, origin, now_ms), keep);
  if (!saved) {
    display.Warning("the run record was not saved (status and logs will not show this run once job/" +
                    report.job_name + " is gone): " + saved.error().message);
  } else if (!saved->empty()) {
    display.Warning(*saved);
  }
}

std::string EnvOr(const char* name, const std::string& fallback = "") {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// --rollback deployment/NAME[@REVISION] (also deploy/, deployments/, deployment.apps/).
Result<std::vector<deploy::RollbackTarget>> RollbackTargets(const std::vector<std::string>& texts) {
  std::vector<deploy::RollbackTarget> targets;
  for (const std::string& text : texts) {
    KM_TRY_ASSIGN(auto target, deploy::ParseRollbackTarget(text));
    targets.push_back(std::move(target));
  }
  return targets;
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
           "How long to wait for the Job to succeed or fail; the Job also gets activeDeadlineSeconds "
           "30s past it (unless --active-deadline)",
           "300s"},
          {"start-timeout", 0, FlagKind::kDuration, "DURATION",
           "How long the Job's pod may take to be scheduled and start (room for an autoscaler to add "
           "a node); 0: as long as --timeout",
           "120s"},
          {"on-timeout", 0, FlagKind::kString, "stop|leave",
           "stop: stop the Job, wait for its pod to end, then roll back; leave: leave it running and "
           "never roll back",
           "stop"},
          {"rollback", 0, FlagKind::kStringList, "deployment/NAME[@REVISION]",
           "On failure, return this Deployment to the revision it had before the deploy: the one at "
           "the start of run, or REVISION; left alone when unchanged (repeatable)",
           ""},
          {"no-rollback", 0, FlagKind::kBool, "", "Never roll back, whatever --rollback says", ""},
          {"commit", 0, FlagKind::kString, "SHA", "Commit being deployed (default: $GITHUB_SHA)",
           ""},
          {"triggered-by", 0, FlagKind::kString, "NAME",
           "Who started the run (default: $GITHUB_ACTOR, else $USER)", ""},
          {"approved-by", 0, FlagKind::kString, "NAME",
           "Who approved the run (annotation kubectl-migrate/approved-by)", ""},
          {"annotation", 0, FlagKind::kStringList, "KEY=VALUE",
           "Extra annotation on the Job (repeatable)", ""},
          {"keep-records", 0, FlagKind::kInt, "N",
           "Run records to keep per app in configmap kubectl-migrate-runs-<app> (for status and logs)", "20"},
          {"dry-run", 0, FlagKind::kBool, "",
           "Print the Job (and ConfigMap) that would be created; create nothing", ""},
          {"output", 'o', FlagKind::kString, "FORMAT",
           "json: a JSON summary on stdout at the end (with --dry-run: the Job as JSON)", ""},
      });
}

Status RunRun(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"json", "yaml", "text"}));
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  RunSettings effective = EffectiveRunSettings(flags, project);
  KM_TRY_ASSIGN(std::vector<deploy::RollbackTarget> rollback, RollbackTargets(effective.rollback));
  std::string on_timeout = flags.String("on-timeout");
  if (on_timeout != "stop" && on_timeout != "leave") {
    return MakeError(ExitCode::kUsage, "--on-timeout must be stop or leave, not \"" + on_timeout + "\"");
  }
  std::string app = effective.app;
  if (flags.Int("keep-records") < 1) return MakeError(ExitCode::kUsage, "--keep-records must be at least 1");
  if (flags.Has("backoff-limit") && flags.Int("backoff-limit") < 0) {
    return MakeError(ExitCode::kUsage, "--backoff-limit must not be negative");
  }

  // `--dry-run -n NS` needs no cluster (a CI plan step has no credentials yet);
  // everything else reads the kubeconfig like kubectl.
  std::unique_ptr<kube::Client> client;
  std::string namespace_ = effective.namespace_;
  if (!flags.Bool("dry-run") || namespace_.empty()) {
    KM_TRY_ASSIGN(client, KubeClientFromFlags(flags, effective.namespace_));
    namespace_ = client->default_namespace();
  }
  KM_TRY_ASSIGN(kube::JsonDoc job_template, deploy::LoadJobTemplate(flags.String("manifest")));

  if (app.empty()) {
    // `kubectl migrate run -n yomu`: the namespace names the app.
    app = namespace_.empty() ? "app" : namespace_;
    io.err << "app: " << app << " (from the namespace; --app NAME sets it)\n";
  }
  deploy::RunPlan plan;
  plan.namespace_ = namespace_;
  plan.timeout = effective.timeout;
  plan.start_timeout = EffectiveDuration(flags, "start-timeout", project.start_timeout);
  plan.stop_on_timeout = on_timeout == "stop";
  plan.rollback = rollback;
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  plan.next_name = [app, now] { return kube::MakeRunJobName(app, now, kube::RandomNameSuffix(5)); };

  deploy::JobSettings settings;
  settings.name = plan.next_name();
  settings.namespace_ = plan.namespace_;
  settings.image = effective.image;
  settings.command = JobCommand(job_template, flags.positional(), effective.runner_args);
  settings.service_account = effective.service_account;
  if (flags.Has("backoff-limit")) settings.backoff_limit = flags.Int("backoff-limit");
  settings.ttl_seconds = Seconds(flags, "ttl");
  settings.active_deadline_seconds = Seconds(flags, "active-deadline");
  if (!settings.active_deadline_seconds && plan.stop_on_timeout) {
    // The cluster stops the Job itself shortly after run would have, also when run
    // (or the CI runner it is on) died.
    settings.active_deadline_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(plan.timeout).count() + 30;
  }
  settings.env_configmap = effective.env_configmap;
  settings.env_secret = effective.env_secret;
  std::string schema_version = flags.String("schema-version");
  if (!effective.migrations.empty()) {
    KM_TRY_ASSIGN(plan.bundle, deploy::BundleMigrations(effective.migrations,
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
  deploy::RunOrigin origin{app, settings.annotations["kubectl-migrate/commit"],
                           settings.annotations["kubectl-migrate/schema-version"],
                           settings.annotations["kubectl-migrate/triggered-by"]};
  auto report = deploy::RunMigration(*client, std::move(plan), callbacks, &g_interrupted);
  display.Close();
  if (!report) return std::move(report).error();
  SaveRunRecord(*client, *report, origin, static_cast<size_t>(flags.Int("keep-records")), display);

  if (format == "json") {
    io.out << deploy::RunReportJson(*report) << "\n";
  } else {
    io.out << deploy::RunReportText(*report);
  }
  if (report->exit_code == ExitCode::kOk) return Ok();
  std::string message = "job/" + report->job_name + " " + report->outcome;
  std::string committed = Join(report->committed);
  if (report->outcome == "failed") {
    message = "job/" + report->job_name + " " +
              (report->runner_error.empty()
                   ? report->detail
                   : "failed: " + report->runner_error +
                         (report->retry_not_started.empty()
                              ? ""
                              : "; its retry never started: " + report->retry_not_started));
  } else if (report->outcome == "not started") {
    message = "job/" + report->job_name + " never started, stopped: " + report->detail;
  } else if (report->outcome == "timed out" && report->job_stopped) {
    message += " after " + FormatSeconds(effective.timeout.count() / 1000) + ", stopped" +
               (report->pods_ended ? "; committed before it stopped: " + (committed.empty() ? "none" : committed)
                                   : "; its pod had not ended");
  } else if (report->outcome == "timed out") {
    message += " after " + FormatSeconds(effective.timeout.count() / 1000) +
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
