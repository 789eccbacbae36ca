#include <ostream>

#include "cli/commands.h"
#include "cli/database_flags.h"
#include "cli/project_defaults.h"
#include "db/interrupt.h"
#include "kube/json.h"
#include "runner/schema_wait.h"
#include "util/clock.h"

namespace km::cli {

std::vector<FlagSpec> WaitFlags() {
  return Concat(DatabaseFlags(), std::vector<FlagSpec>{
                                     {"schema-version", 0, FlagKind::kString, "TAG",
                                      "Wait only for the migrations up to and including TAG "
                                      "(default: every migration in --dir)",
                                      ""},
                                     {"timeout", 0, FlagKind::kDuration, "DURATION",
                                      "How long to wait before giving up (exit 10)", "5m"},
                                     {"interval", 0, FlagKind::kDuration, "DURATION",
                                      "How often to read the history table", "2s"},
                                 });
}

Status RunWait(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format,
                OutputFormat(flags, {"json", "text"}, io.out_is_tty ? "text" : "json"));
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  KM_TRY_ASSIGN(auto options, RunnerOptionsFromFlags(flags, project));
  runner::SchemaWait wait;
  wait.up_to = flags.String("schema-version");
  wait.timeout = flags.Duration("timeout");
  wait.interval = std::max(flags.Duration("interval"), std::chrono::milliseconds(100));
  db::InstallInterruptHandlers();
  const auto started = SteadyClock::now();
  auto ready = runner::WaitForSchema(options, wait,
                                     [&](const std::string& line) { io.err << line << "\n"; });
  if (!ready) return Error(ready.error());
  if (format == "json") {
    io.out << R"({"ready":true,"schema_version":)" << kube::QuoteJson(ready->schema_version)
           << R"(,"migrations":)" << ready->awaited << R"(,"waited_ms":)" << MillisSince(started)
           << "}\n";
  } else {
    io.out << "schema ready: " << ready->awaited << " migration(s) applied, the newest "
           << (ready->schema_version.empty() ? "(none)" : ready->schema_version) << "\n";
  }
  return Ok();
}

}  // namespace km::cli
