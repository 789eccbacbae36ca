#include "cli/database_flags.h"

#include <cstdlib>

#include "cli/project_defaults.h"

namespace km::cli {

std::vector<FlagSpec> DatabaseFlags() {
  return {
      {"dir", 0, FlagKind::kString, "DIR", "Drizzle Kit migrations folder: meta/_journal.json + <tag>.sql (0.x) or <YYYYMMDDhhmmss>_<name>/migration.sql folders (v1)",
       "migrations"},
      {"database-url", 0, FlagKind::kString, "URL",
       "PostgreSQL connection string (default: $DATABASE_URL)", ""},
      {"migrations-schema", 0, FlagKind::kString, "NAME",
       "Schema of the history table; must match drizzle.config.ts migrations.schema", "drizzle"},
      {"migrations-table", 0, FlagKind::kString, "NAME",
       "History table; must match drizzle.config.ts migrations.table", "__drizzle_migrations"},
      {"lock-id", 0, FlagKind::kInt, "KEY", "Advisory lock key shared by every runner", "123456789"},
      {"output", 'o', FlagKind::kString, "FORMAT",
       "Output format: json or text (default: json unless stdout is a terminal)", ""},
  };
}

std::vector<FlagSpec> SelectionFlags() {
  return {
      {"tx-mode", 0, FlagKind::kString, "MODE",
       "per-migration (each migration commits on its own) or all (one batch, like drizzle-orm)",
       "per-migration"},
      {"out-of-order", 0, FlagKind::kString, "POLICY",
       "A migration older than the newest applied one: refuse, apply, or auto (refuse for "
       "meta/_journal.json folders, apply for Drizzle Kit v1 migration folders, as drizzle-orm v1 does)",
       "auto"},
      {"allow-out-of-order", 0, FlagKind::kBool, "", "Same as --out-of-order apply", ""},
  };
}

std::vector<FlagSpec> HistoryTableFlags() {
  return {
      {"upgrade-history-table", 0, FlagKind::kBool, "",
       "Add drizzle-orm v1's name and applied_at columns to a 0.x history table (and name its rows), "
       "as drizzle-orm v1's migrator does; without it a 0.x table keeps its shape",
       ""},
  };
}

Result<runner::OutOfOrder> OutOfOrderFromFlags(const ParsedFlags& flags) {
  std::string policy = flags.String("out-of-order");
  if (flags.Bool("allow-out-of-order")) {
    if (flags.Has("out-of-order") && policy != "apply") {
      return MakeError(ExitCode::kUsage, "--allow-out-of-order contradicts --out-of-order " + policy);
    }
    return runner::OutOfOrder::kApply;
  }
  if (policy == "auto") return runner::OutOfOrder::kAuto;
  if (policy == "refuse") return runner::OutOfOrder::kRefuse;
  if (policy == "apply") return runner::OutOfOrder::kApply;
  return MakeError(ExitCode::kUsage, "--out-of-order must be auto, refuse or apply, not \"" + policy + "\"");
}

Result<runner::RunnerOptions> RunnerOptionsFromFlags(const ParsedFlags& flags) {
  KM_TRY_ASSIGN(project::ProjectConfig project, ProjectConfigFromFlags(flags));
  return RunnerOptionsFromFlags(flags, project);
}

Result<runner::RunnerOptions> RunnerOptionsFromFlags(const ParsedFlags& flags,
                                                     const project::ProjectConfig& project) {
  runner::RunnerOptions options;
  options.database_url = flags.String("database-url");
  if (options.database_url.empty()) {
    const char* env = std::getenv("DATABASE_URL");
    if (env != nullptr) options.database_url = env;
  }
  if (options.database_url.empty()) {
    return MakeError(ExitCode::kUsage, "no database: pass --database-url or set DATABASE_URL");
  }
  options.dir = EffectiveString(flags, "dir", project.migrations);
  options.table.schema = EffectiveString(flags, "migrations-schema", project.history_schema);
  options.table.table = EffectiveString(flags, "migrations-table", project.history_table);
  if (options.table.schema.empty() || options.table.table.empty()) {
    return MakeError(ExitCode::kUsage, "--migrations-schema and --migrations-table must not be empty");
  }
  options.lock_id = flags.Int("lock-id");
  return options;
}

Result<runner::TxMode> TxModeFromFlags(const ParsedFlags& flags) {
  std::string mode = flags.String("tx-mode");
  if (mode == "per-migration") return runner::TxMode::kPerMigration;
  if (mode == "all") return runner::TxMode::kAll;
  return MakeError(ExitCode::kUsage, "--tx-mode must be per-migration or all, not \"" + mode + "\"");
}

Result<std::unique_ptr<runner::EventSink>> MakeEventSink(const ParsedFlags& flags, Io& io) {
  KM_TRY_ASSIGN(std::string format,
                OutputFormat(flags, {"json", "text"}, io.out_is_tty ? "text" : "json"));
  if (format == "json") return std::unique_ptr<runner::EventSink>(new runner::JsonLinesSink(io.out));
  return std::unique_ptr<runner::EventSink>(new runner::TextSink(io.out, io.color && io.out_is_tty));
}

}  // namespace km::cli
