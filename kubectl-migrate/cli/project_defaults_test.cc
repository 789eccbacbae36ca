#include "cli/project_defaults.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/database_flags.h"
#include "deploy/job_template.h"

namespace km::cli {
namespace {

using std::chrono::milliseconds;

// A project file in a temporary folder, removed at the end of the test.
class ProjectFileOnDisk {
 public:
  explicit ProjectFileOnDisk(const std::string& text) {
    char templ[] = "/tmp/km-project-defaults-XXXXXX";
    dir_ = mkdtemp(templ);
    std::ofstream(path(), std::ios::binary) << text;
  }
  ~ProjectFileOnDisk() { std::filesystem::remove_all(dir_); }
  std::string path() const { return dir_ + "/kubectl-migrate.yaml"; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

constexpr const char* kFullFile = R"(version: 1
app: yomu-api
namespace: yomu
migrations: db/migrations
rollback: [deployment/yomu-api@4, deployment/yomu-worker]
image: ghcr.io/yomu/api:2.0.0
envSecret: yomu-db
envConfigMap: yomu-config
serviceAccount: yomu-migrate
history: {schema: public, table: __migrations}
timeout: 10m
startTimeout: 2m
advisoryLockTimeout: 90s
ddlLockTimeout: 2s
ddlRetryBudget: 1500ms
statementTimeout: 0
)";

const Command& Find(const std::string& name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return command;
  }
  ADD_FAILURE() << "no command " << name;
  return Commands().front();
}

ParsedFlags Parse(const std::string& command, std::vector<std::string> args) {
  auto flags = ParseFlags(Find(command).flags(), args);
  EXPECT_TRUE(flags.ok()) << flags.error().message;
  return flags.ok() ? std::move(flags).value() : ParsedFlags();
}

project::ProjectConfig Load(const ParsedFlags& flags) {
  auto project = ProjectConfigFromFlags(flags);
  EXPECT_TRUE(project.ok()) << project.error().message;
  return project.ok() ? std::move(project).value() : project::ProjectConfig();
}

TEST(ProjectFlags, TheCommandsThatReadTheFileTakeConfigOnce) {
  for (const Command& command : Commands()) {
    auto specs = command.flags();
    auto count = std::count_if(specs.begin(), specs.end(),
                               [](const FlagSpec& spec) { return spec.name == "config"; });
    bool reads = command.name == "run" || command.name == "status" || command.name == "apply" ||
                 command.name == "plan" || command.name == "baseline" || command.name == "logs" ||
                 command.name == "wait";
    EXPECT_EQ(count, reads ? 1 : 0) << command.name;
  }
}

TEST(EffectiveRunSettings, TheFileFillsWhatNoFlagSays) {
  ProjectFileOnDisk file(kFullFile);
  ParsedFlags flags = Parse("run", {"--config", file.path()});
  RunSettings settings = EffectiveRunSettings(flags, Load(flags));
  EXPECT_EQ(settings.app, "yomu-api");
  EXPECT_EQ(settings.namespace_, "yomu");
  EXPECT_EQ(settings.migrations, file.dir() + "/db/migrations");
  EXPECT_EQ(settings.rollback,
            (std::vector<std::string>{"deployment/yomu-api@4", "deployment/yomu-worker"}));
  EXPECT_EQ(settings.image, "ghcr.io/yomu/api:2.0.0");
  EXPECT_EQ(settings.env_secret, "yomu-db");
  EXPECT_EQ(settings.env_configmap, "yomu-config");
  EXPECT_EQ(settings.service_account, "yomu-migrate");
  EXPECT_EQ(settings.timeout, milliseconds(600'000));
  EXPECT_EQ(settings.start_timeout, milliseconds(120'000));
  EXPECT_EQ(settings.runner_args,
            (std::vector<std::string>{"--migrations-schema", "public", "--migrations-table",
                                      "__migrations", "--advisory-lock-timeout", "90s",
                                      "--ddl-lock-timeout", "2s", "--ddl-retry-budget", "1500ms",
                                      "--statement-timeout", "0"}));
}

TEST(EffectiveRunSettings, FlagsOverrideTheFile) {
  ProjectFileOnDisk file(kFullFile);
  ParsedFlags flags =
      Parse("run", {"--config", file.path(), "--app", "other", "-n", "staging", "--migrations",
                    "m", "--rollback", "deployment/a", "--image", "i:1", "--env-secret", "s",
                    "--env-configmap", "c", "--service-account", "sa", "--timeout", "30s"});
  RunSettings settings = EffectiveRunSettings(flags, Load(flags));
  EXPECT_EQ(settings.app, "other");
  EXPECT_EQ(settings.namespace_, "staging");
  EXPECT_EQ(settings.migrations, "m");
  EXPECT_EQ(settings.rollback, std::vector<std::string>{"deployment/a"});  // replaces, not adds
  EXPECT_EQ(settings.image, "i:1");
  EXPECT_EQ(settings.env_secret, "s");
  EXPECT_EQ(settings.env_configmap, "c");
  EXPECT_EQ(settings.service_account, "sa");
  EXPECT_EQ(settings.timeout, milliseconds(30'000));
}

TEST(EffectiveRunSettings, WithoutAFileTheFlagsDefaultsStand) {
  ParsedFlags flags = Parse("run", {"--config", ""});
  RunSettings settings = EffectiveRunSettings(flags, Load(flags));
  EXPECT_EQ(settings.app, "");
  EXPECT_EQ(settings.namespace_, "");
  EXPECT_EQ(settings.migrations, "");
  EXPECT_TRUE(settings.rollback.empty());
  EXPECT_EQ(settings.timeout, milliseconds(300'000));  // --timeout's default
  EXPECT_EQ(settings.start_timeout, std::nullopt);
  EXPECT_TRUE(settings.runner_args.empty());
}

TEST(EffectiveRunSettings, TheAppFallsBackToTheFirstRollbackDeployment) {
  ProjectFileOnDisk file("version: 1\nrollback: [deployment/yomu-api@4]\n");
  ParsedFlags from_file = Parse("run", {"--config", file.path()});
  EXPECT_EQ(EffectiveRunSettings(from_file, Load(from_file)).app, "yomu-api");
  ParsedFlags from_flag = Parse("run", {"--config", file.path(), "--rollback", "deploy/b@2"});
  EXPECT_EQ(EffectiveRunSettings(from_flag, Load(from_flag)).app, "b");
  ParsedFlags no_rollback = Parse("run", {"--config", file.path(), "--no-rollback"});
  RunSettings settings = EffectiveRunSettings(no_rollback, Load(no_rollback));
  EXPECT_EQ(settings.app, "yomu-api");
  EXPECT_TRUE(settings.rollback.empty());
}

TEST(ProjectConfigFromFlags, ABrokenFileIsOneUsageError) {
  ProjectFileOnDisk file("version: 1\napp: yomu\ntimeout: soon\n");
  auto project = ProjectConfigFromFlags(Parse("run", {"--config", file.path()}));
  ASSERT_FALSE(project.ok());
  EXPECT_EQ(project.error().code, ExitCode::kUsage);
  EXPECT_EQ(project.error().message,
            file.path() + ":3:10: timeout: not a duration (like 90s, 5m, 1m30s, 500ms): \"soon\"");
}

TEST(RunnerOptionsFromFlags, UsesTheFilesFolderAndHistoryTableUnlessFlagsSayOtherwise) {
  ProjectFileOnDisk file(kFullFile);
  for (const char* command : {"apply", "plan", "baseline", "status"}) {
    auto from_file =
        RunnerOptionsFromFlags(Parse(command, {"--config", file.path(), "--database-url", "x"}));
    ASSERT_TRUE(from_file.ok()) << from_file.error().message;
    EXPECT_EQ(from_file->dir, file.dir() + "/db/migrations") << command;
    EXPECT_EQ(from_file->table.schema, "public") << command;
    EXPECT_EQ(from_file->table.table, "__migrations") << command;

    auto from_flags = RunnerOptionsFromFlags(
        Parse(command, {"--config", file.path(), "--database-url", "x", "--dir", "d",
                        "--migrations-schema", "s", "--migrations-table", "t"}));
    ASSERT_TRUE(from_flags.ok()) << from_flags.error().message;
    EXPECT_EQ(from_flags->dir, "d") << command;
    EXPECT_EQ(from_flags->table.schema, "s") << command;
    EXPECT_EQ(from_flags->table.table, "t") << command;
  }
  auto without = RunnerOptionsFromFlags(Parse("apply", {"--config", "", "--database-url", "x"}));
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->dir, "migrations");
  EXPECT_EQ(without->table.schema, "drizzle");
  EXPECT_EQ(without->table.table, "__drizzle_migrations");
}

TEST(RunnerOptionsFromFlags, ABrokenFileStopsTheCommand) {
  ProjectFileOnDisk file("version: 1\nhistory: {tabel: x}\n");
  auto options = RunnerOptionsFromFlags(Parse("apply", {"--config", file.path(),
                                                        "--database-url", "x"}));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code, ExitCode::kUsage);
  EXPECT_EQ(options.error().message.rfind(file.path() + ":2:11: history.tabel: unknown key", 0),
            0u)
      << options.error().message;
}

TEST(EffectiveDuration, TheFlagWinsThenTheFileThenTheDefault) {
  ParsedFlags given = Parse("apply", {"--ddl-lock-timeout", "1s"});
  EXPECT_EQ(EffectiveDuration(given, "ddl-lock-timeout", milliseconds(5)), milliseconds(1000));
  ParsedFlags not_given = Parse("apply", {});
  EXPECT_EQ(EffectiveDuration(not_given, "ddl-lock-timeout", milliseconds(5)), milliseconds(5));
  EXPECT_EQ(EffectiveDuration(not_given, "ddl-lock-timeout", std::nullopt), milliseconds(500));
  EXPECT_EQ(EffectiveString(not_given, "dir", std::nullopt), "migrations");
  EXPECT_EQ(EffectiveString(not_given, "dir", std::string("db")), "db");
  EXPECT_EQ(EffectiveString(Parse("apply", {"--dir", "x"}), "dir", std::string("db")), "x");
}

std::vector<std::string> Words(std::initializer_list<const char*> words) {
  return std::vector<std::string>(words.begin(), words.end());
}

TEST(JobCommand, AddsTheRunnerSettingsToTheEmbeddedTemplatesApply) {
  auto embedded = deploy::LoadJobTemplate("");
  ASSERT_TRUE(embedded.ok()) << embedded.error().message;
  EXPECT_EQ(JobCommand(*embedded, {}, Words({"--migrations-table", "t"})),
            Words({"kubectl-migrate", "apply", "--dir", "/migrations", "--output", "json",
                   "--migrations-table", "t"}));
  EXPECT_TRUE(JobCommand(*embedded, {}, {}).empty());  // nothing to add: the template's as is
  // Words after -- are the user's command, as given.
  EXPECT_EQ(JobCommand(*embedded, Words({"sh", "-c", "x"}), Words({"--ddl-lock-timeout", "2s"})),
            Words({"sh", "-c", "x"}));
}

TEST(JobCommand, KeepsArgsAndLeavesOtherCommandsAlone) {
  auto with_args = kube::ParseJson(
      R"({"spec":{"template":{"spec":{"containers":[{"command":["/bin/kubectl-migrate"],)"
      R"("args":["apply","--dir","/m"]}]}}}})",
      "job");
  ASSERT_TRUE(with_args.ok());
  EXPECT_EQ(JobCommand(*with_args, {}, Words({"--statement-timeout", "5s"})),
            Words({"/bin/kubectl-migrate", "apply", "--dir", "/m", "--statement-timeout", "5s"}));
  auto other = kube::ParseJson(
      R"({"spec":{"template":{"spec":{"containers":[{"command":["npm","run","migrate"]}]}}}})",
      "job");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(JobCommand(*other, {}, Words({"--statement-timeout", "5s"})).empty());
  auto entrypoint = kube::ParseJson(
      R"({"spec":{"template":{"spec":{"containers":[{"args":["apply"]}]}}}})", "job");
  ASSERT_TRUE(entrypoint.ok());
  EXPECT_TRUE(JobCommand(*entrypoint, {}, Words({"--statement-timeout", "5s"})).empty());
}

}  // namespace
}  // namespace km::cli
