// `kubectl migrate logs`: a run's record (records/), also after its Job is gone.
#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/kube_flags.h"
#include "cli/project_defaults.h"
#include "records/record_text.h"
#include "records/store.h"

namespace km::cli {

std::vector<FlagSpec> LogsFlags() {
  return Concat(KubeFlags(),
                std::vector<FlagSpec>{
                    {"app", 0, FlagKind::kString, "NAME",
                     "Whose runs (default: as run chooses it: the project file's app, its first rollback "
                     "deployment, the --job name's app, else the namespace)",
                     ""},
                    {"failed", 0, FlagKind::kBool, "", "The last run that did not succeed", ""},
                    {"job", 0, FlagKind::kString, "NAME", "The run of this Job", ""},
                    {"output", 'o', FlagKind::kString, "FORMAT", "json: the record as one JSON object", ""},
                });
}

Status RunLogs(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format, OutputFormat(flags, {"json", "text"}, "text"));
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  KM_TRY_ASSIGN(auto client, KubeClientFromFlags(flags, project.namespace_.value_or("")));
  const std::string ns = client->default_namespace();
  records::Selector selector{.failed_only = flags.Bool("failed"), .job = flags.String("job")};
  const std::string app = RecordedApp(flags, project, selector.job, ns);
  KM_TRY_ASSIGN(std::vector<records::RunRecord> history, records::ReadHistory(*client, ns, app));
  const records::RunRecord* record = records::Select(history, selector);
  if (record == nullptr) {
    std::string what = !selector.job.empty() ? "no record of job/" + selector.job
                       : selector.failed_only ? "no failed run recorded"
                                              : "no run recorded";
    return MakeError(ExitCode::kNothingRecorded,
                     what + " for app " + app + " in namespace " + ns + " (configmap/" + records::ConfigMapName(app) +
                         (history.empty() ? " does not exist or is empty" : " holds " + std::to_string(history.size()) +
                                                                                " other runs") +
                         "; --app NAME names another app)");
  }
  if (format == "json") {
    io.out << records::RecordJson(*record) << "\n";
  } else {
    io.out << records::RecordText(*record);
  }
  return Ok();
}

}  // namespace km::cli
