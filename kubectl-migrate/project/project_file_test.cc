#include "project/project_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "util/yaml_test_support.h"

namespace km::project {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using std::chrono::milliseconds;

// A temporary folder tree, removed at the end of the test.
class Tree {
 public:
  Tree() {
    char templ[] = "/tmp/km-project-XXXXXX";
    root_ = mkdtemp(templ);
  }
  ~Tree() { fs::remove_all(root_); }
  std::string Path(const std::string& relative) const { return root_ + "/" + relative; }
  std::string Dir(const std::string& relative) const {
    fs::create_directories(Path(relative));
    return Path(relative);
  }
  std::string Write(const std::string& relative, const std::string& text) const {
    fs::create_directories(fs::path(Path(relative)).parent_path());
    std::ofstream(Path(relative), std::ios::binary) << text;
    return Path(relative);
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

std::string Found(const Result<std::optional<ProjectFile>>& found) {
  if (!found.ok()) return "error: " + found.error().message;
  return found->has_value() ? (*found)->path : "none";
}

TEST(FindProjectFile, FindsTheFileInTheStartFolder) {
  Tree tree;
  std::string file = tree.Write("app/kubectl-migrate.yaml", "version: 1\n");
  EXPECT_EQ(Found(FindProjectFile(tree.Path("app"))), file);
  EXPECT_EQ(Found(FindProjectFile(tree.Path("app/"))), file);
}

TEST(FindProjectFile, WalksUpToTheNearestFile) {
  Tree tree;
  tree.Write("kubectl-migrate.yaml", "version: 1\n");
  std::string nearer = tree.Write("repo/kubectl-migrate.yaml", "version: 1\n");
  EXPECT_EQ(Found(FindProjectFile(tree.Dir("repo/services/api/src"))), nearer);
  EXPECT_EQ(Found(FindProjectFile(tree.Path("repo/services/api/src/../.."))), nearer);
}

TEST(FindProjectFile, ChecksTheRepositoryRootThenStops) {
  Tree tree;
  tree.Write("kubectl-migrate.yaml", "version: 1\n");  // outside the repository
  tree.Dir("repo/.git");
  EXPECT_EQ(Found(FindProjectFile(tree.Dir("repo/src"))), "none");
  // A worktree or submodule has a .git file: the same boundary.
  tree.Write("worktree/.git", "gitdir: ../repo/.git/worktrees/w\n");
  EXPECT_EQ(Found(FindProjectFile(tree.Dir("worktree/src"))), "none");
  // The folder holding .git is still checked.
  std::string at_root = tree.Write("repo/kubectl-migrate.yaml", "version: 1\n");
  EXPECT_EQ(Found(FindProjectFile(tree.Path("repo/src"))), at_root);
}

TEST(FindProjectFile, WithoutARepositoryWalksOnAndSkipsFoldersNamedLikeTheFile) {
  Tree tree;
  std::string top = tree.Write("kubectl-migrate.yaml", "version: 1\n");
  tree.Dir("a/kubectl-migrate.yaml");  // a folder, not the file
  EXPECT_EQ(Found(FindProjectFile(tree.Dir("a/b/c"))), top);
}

TEST(LoadProject, ConfigFlagWinsOverTheFileFound) {
  Tree tree;
  tree.Dir("repo/.git");
  tree.Write("repo/kubectl-migrate.yaml", "version: 1\napp: found\n");
  std::string other = tree.Write("elsewhere/ci.yaml", "version: 1\napp: chosen\n");
  auto found = LoadProject(std::nullopt, tree.Path("repo"));
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->app, "found");
  EXPECT_EQ(found->path, tree.Path("repo/kubectl-migrate.yaml"));
  auto chosen = LoadProject(other, tree.Path("repo"));
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  EXPECT_EQ(chosen->app, "chosen");
  EXPECT_EQ(chosen->path, other);
}

TEST(LoadProject, AnEmptyConfigFlagTurnsTheSearchOff) {
  Tree tree;
  tree.Write("kubectl-migrate.yaml", "version: 1\napp: found\n");
  auto none = LoadProject(std::string(), tree.root());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->path, "");
  EXPECT_FALSE(none->app.has_value());
}

TEST(LoadProject, NoFileIsAnEmptyConfig) {
  Tree tree;
  tree.Dir(".git");
  auto none = LoadProject(std::nullopt, tree.Dir("src"));
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none->path, "");
  EXPECT_FALSE(none->app || none->namespace_ || none->migrations || none->rollback ||
               none->timeout || none->history_table);
}

TEST(LoadProject, AMissingConfigFileIsAUsageError) {
  Tree tree;
  auto missing = LoadProject(tree.Path("nope.yaml"), tree.root());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ExitCode::kUsage);
  EXPECT_THAT(missing.error().message, HasSubstr(tree.Path("nope.yaml")));
  auto folder = LoadProject(tree.Dir("dir.yaml"), tree.root());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().message, "cannot read " + tree.Path("dir.yaml") + ": it is a directory");
}

TEST(LoadProjectFile, ReadsEveryKey) {
  Tree tree;
  std::string path = tree.Write("repo/kubectl-migrate.yaml", R"(# yomu's defaults
version: 1
app: yomu-api
namespace: yomu
migrations: db/migrations
rollback:
  - deployment/yomu-api
  - deploy/yomu-worker@7
image: ghcr.io/yomu/api:2.0.0
envSecret: yomu-db
envConfigMap: yomu-config
serviceAccount: yomu-migrate
history:
  schema: public
  table: "__migrations"
timeout: 10m
startTimeout: 90s
advisoryLockTimeout: 2m
ddlLockTimeout: 500ms
ddlRetryBudget: 1m30s
statementTimeout: 300
)");
  auto config = LoadProjectFile(path);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->path, path);
  EXPECT_EQ(config->app, "yomu-api");
  EXPECT_EQ(config->namespace_, "yomu");
  EXPECT_EQ(config->migrations, tree.Path("repo/db/migrations"));
  ASSERT_TRUE(config->rollback.has_value());
  ASSERT_EQ(config->rollback->size(), 2u);
  EXPECT_EQ((*config->rollback)[0].text, "deployment/yomu-api");
  EXPECT_EQ((*config->rollback)[0].deployment, "yomu-api");
  EXPECT_EQ((*config->rollback)[0].revision, std::nullopt);
  EXPECT_EQ((*config->rollback)[1].text, "deploy/yomu-worker@7");
  EXPECT_EQ((*config->rollback)[1].deployment, "yomu-worker");
  EXPECT_EQ((*config->rollback)[1].revision, 7);
  EXPECT_EQ(config->image, "ghcr.io/yomu/api:2.0.0");
  EXPECT_EQ(config->env_secret, "yomu-db");
  EXPECT_EQ(config->env_configmap, "yomu-config");
  EXPECT_EQ(config->service_account, "yomu-migrate");
  EXPECT_EQ(config->history_schema, "public");
  EXPECT_EQ(config->history_table, "__migrations");
  EXPECT_EQ(config->timeout, milliseconds(600'000));
  EXPECT_EQ(config->start_timeout, milliseconds(90'000));
  EXPECT_EQ(config->advisory_lock_timeout, milliseconds(120'000));
  EXPECT_EQ(config->ddl_lock_timeout, milliseconds(500));
  EXPECT_EQ(config->ddl_retry_budget, milliseconds(90'000));
  EXPECT_EQ(config->statement_timeout, milliseconds(300'000));  // a bare number is seconds
}

TEST(ParseProjectFile, LeavesWhatTheFileDoesNotSayUnset) {
  auto config = ParseProjectFile("version: 1\nhistory:\n  table: t\nrollback: []\n", "p.yaml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_FALSE(config->app || config->namespace_ || config->migrations || config->image ||
               config->env_secret || config->env_configmap || config->service_account ||
               config->history_schema || config->timeout || config->start_timeout ||
               config->advisory_lock_timeout || config->ddl_lock_timeout ||
               config->ddl_retry_budget || config->statement_timeout);
  EXPECT_EQ(config->history_table, "t");
  ASSERT_TRUE(config->rollback.has_value());  // said: none
  EXPECT_TRUE(config->rollback->empty());
}

TEST(ParseProjectFile, ResolvesTheMigrationsFolderAgainstTheFilesFolder) {
  auto in_cwd = ParseProjectFile("version: 1\nmigrations: ./migrations/\n", "kubectl-migrate.yaml");
  ASSERT_TRUE(in_cwd.ok()) << in_cwd.error().message;
  EXPECT_EQ(in_cwd->migrations, "migrations");
  auto above =
      ParseProjectFile("version: 1\nmigrations: ../db\n", "ci/deploy/kubectl-migrate.yaml");
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->migrations, "ci/db");
  auto absolute = ParseProjectFile("version: 1\nmigrations: /srv/migrations\n", "/repo/k.yaml");
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ(absolute->migrations, "/srv/migrations");
}

TEST(ParseProjectFile, ReadsScalarsAsTheTextTheyAre) {
  auto config =
      ParseProjectFile("version: 1\napp: 2024\nimage: 'x:1.0'\nnamespace: \"yomu\"\n", "p");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->app, "2024");
  EXPECT_EQ(config->image, "x:1.0");
  EXPECT_EQ(config->namespace_, "yomu");
}

// The one error a file gives: exit 2, "FILE:LINE:COLUMN: KEY: ...".
std::string ErrorOf(const std::string& text, const std::string& path = "kubectl-migrate.yaml") {
  auto config = ParseProjectFile(text, path);
  if (config.ok()) return "no error";
  EXPECT_EQ(config.error().code, ExitCode::kUsage);
  return config.error().message;
}

TEST(ParseProjectFile, BrokenYamlNamesTheFileLineColumnAndKey) {
  EXPECT_EQ(ErrorOf("version: 1\napp: [yomu\n", "/repo/kubectl-migrate.yaml"),
            "/repo/kubectl-migrate.yaml:3:1: app: not valid YAML: end of sequence flow not found");
  EXPECT_EQ(ErrorOf("version: 1\napp: yomu\n  namespace: x\n"),
            "kubectl-migrate.yaml:3:12: app.namespace: not valid YAML: illegal map value (at:   "
            "namespace: x)");
  EXPECT_EQ(ErrorOf("version: 1\nhistory:\n  schema: s\n\ttable: t\n"),
            "kubectl-migrate.yaml:4:1: history.table: not valid YAML: illegal tab when looking for "
            "indentation (at: \ttable: t)");
  EXPECT_THAT(ErrorOf("version: 1\nrollback:\n  - deployment/a\n - deployment/b\n"),
              StartsWith("kubectl-migrate.yaml:4:2: rollback: not valid YAML: "));
  // Nothing that looks like a key before the error: file, line and column only.
  EXPECT_THAT(ErrorOf("[version: 1\n"), StartsWith("kubectl-migrate.yaml:2:1: not valid YAML: "));
}

TEST(ParseProjectFile, UnknownKeysAreRefusedWithASuggestion) {
  EXPECT_EQ(ErrorOf("version: 1\napp: yomu\ntimout: 5m\n"),
            "kubectl-migrate.yaml:3:1: timout: unknown key (did you mean timeout?); the keys are "
            "in docs/project-file.md");
  EXPECT_THAT(ErrorOf("version: 1\nenv-secret: db\n"),
              StartsWith("kubectl-migrate.yaml:2:1: env-secret: unknown key (did you mean "
                         "envSecret?)"));
  EXPECT_EQ(ErrorOf("version: 1\nhistory:\n  schema: s\n  tabel: t\n"),
            "kubectl-migrate.yaml:4:3: history.tabel: unknown key (did you mean history.table?); "
            "the keys are in docs/project-file.md");
  EXPECT_EQ(ErrorOf("version: 1\ndatabaseUrl: postgres://x\n"),
            "kubectl-migrate.yaml:2:1: databaseUrl: unknown key; the keys are in "
            "docs/project-file.md");
}

TEST(ParseProjectFile, WrongTypesNameTheKeyAndWhereItsValueIs) {
  EXPECT_EQ(ErrorOf("version: 1\napp: [a, b]\n"),
            "kubectl-migrate.yaml:2:6: app: expected text, found a list");
  EXPECT_EQ(ErrorOf("version: 1\nnamespace:\n  name: yomu\n"),
            "kubectl-migrate.yaml:3:3: namespace: expected text, found a mapping");
  EXPECT_EQ(ErrorOf("version: 1\nrollback: deployment/yomu-api\n"),
            "kubectl-migrate.yaml:2:11: rollback: expected a list like [deployment/NAME], found "
            "\"deployment/yomu-api\"");
  EXPECT_EQ(ErrorOf("version: 1\nhistory: drizzle.__drizzle_migrations\n"),
            "kubectl-migrate.yaml:2:10: history: expected a mapping like {schema: drizzle, table: "
            "__drizzle_migrations}, found \"drizzle.__drizzle_migrations\"");
  EXPECT_EQ(ErrorOf("version: 1\ntimeout: {seconds: 5}\n"),
            "kubectl-migrate.yaml:2:10: timeout: expected text, found a mapping");
  EXPECT_EQ(ErrorOf("version: 1\nhistory:\n  table: [a]\n"),
            "kubectl-migrate.yaml:3:10: history.table: expected text, found a list");
  EXPECT_EQ(ErrorOf("version: 1\nrollback:\n  - deployment/a\n  - {name: b}\n"),
            "kubectl-migrate.yaml:4:5: rollback[1]: expected text, found a mapping");
}

TEST(ParseProjectFile, EmptyValuesAreRefused) {
  EXPECT_EQ(ErrorOf("version: 1\nimage:\n"),
            "kubectl-migrate.yaml:2:1: image: no value; remove the key or give one");
  EXPECT_EQ(ErrorOf("version: 1\nenvSecret: ~\n"),
            "kubectl-migrate.yaml:2:1: envSecret: no value; remove the key or give one");
  EXPECT_EQ(ErrorOf("version: 1\napp: \"\"\n"), "kubectl-migrate.yaml:2:6: app: must not be empty");
}

TEST(ParseProjectFile, BadDurationsSayWhatADurationLooksLike) {
  EXPECT_EQ(ErrorOf("version: 1\napp: yomu\ntimeout: 5 minutes\n"),
            "kubectl-migrate.yaml:3:10: timeout: not a duration (like 90s, 5m, 1m30s, 500ms): "
            "\"5 minutes\"");
  EXPECT_THAT(ErrorOf("version: 1\nstartTimeout: -1s\n"),
              StartsWith("kubectl-migrate.yaml:2:15: startTimeout: not a duration"));
  EXPECT_THAT(ErrorOf("version: 1\nadvisoryLockTimeout: 1d\n"),
              StartsWith("kubectl-migrate.yaml:2:22: advisoryLockTimeout: not a duration"));
  EXPECT_THAT(ErrorOf("version: 1\nddlLockTimeout: fast\n"),
              StartsWith("kubectl-migrate.yaml:2:17: ddlLockTimeout: not a duration"));
  EXPECT_THAT(ErrorOf("version: 1\nddlRetryBudget: 3 m\n"),
              StartsWith("kubectl-migrate.yaml:2:17: ddlRetryBudget: not a duration"));
  EXPECT_THAT(ErrorOf("version: 1\nstatementTimeout: 1.2.3s\n"),
              StartsWith("kubectl-migrate.yaml:2:19: statementTimeout: not a duration"));
}

TEST(ParseProjectFile, BadRollbackEntriesAreRefused) {
  EXPECT_EQ(ErrorOf("version: 1\nrollback:\n  - deployment/a\n  - service/b\n"),
            "kubectl-migrate.yaml:4:5: rollback[1]: \"service/b\" must be deployment/NAME or "
            "deployment/NAME@REVISION (only Deployments are rolled back, not service)");
  EXPECT_THAT(ErrorOf("version: 1\nrollback: [yomu-api]\n"),
              StartsWith("kubectl-migrate.yaml:2:12: rollback[0]: \"yomu-api\" must be "));
  EXPECT_THAT(ErrorOf("version: 1\nrollback: [deployment/a@latest]\n"),
              HasSubstr("the revision must be a number from 1 up, not \"latest\""));
  EXPECT_THAT(ErrorOf("version: 1\nrollback: [deployment/a@0]\n"),
              HasSubstr("the revision must be a number from 1 up, not \"0\""));
  EXPECT_THAT(ErrorOf("version: 1\nrollback: [deployment/]\n"),
              HasSubstr("\"\" is not a Deployment name"));
  EXPECT_THAT(ErrorOf("version: 1\nrollback: [deployment/Yomu_API]\n"),
              HasSubstr("\"Yomu_API\" is not a Deployment name"));
}

TEST(ParseProjectFile, KubernetesNamesAreChecked) {
  EXPECT_THAT(ErrorOf("version: 1\nnamespace: Yomu\n"),
              StartsWith("kubectl-migrate.yaml:2:12: namespace: \"Yomu\" is not a Kubernetes "
                         "name"));
  EXPECT_THAT(ErrorOf("version: 1\nnamespace: yomu.prod\n"),
              StartsWith("kubectl-migrate.yaml:2:12: namespace: \"yomu.prod\" is not a "
                         "Kubernetes name"));
  EXPECT_THAT(ErrorOf("version: 1\nenvSecret: db_url\n"),
              StartsWith("kubectl-migrate.yaml:2:12: envSecret: \"db_url\" is not a Kubernetes "
                         "name"));
  EXPECT_THAT(ErrorOf("version: 1\nenvConfigMap: -config\n"),
              StartsWith("kubectl-migrate.yaml:2:15: envConfigMap: \"-config\" is not"));
  EXPECT_THAT(ErrorOf("version: 1\nserviceAccount: Migrator\n"),
              StartsWith("kubectl-migrate.yaml:2:17: serviceAccount: \"Migrator\" is not"));
  EXPECT_EQ(ErrorOf("version: 1\nimage: my image\n"),
            "kubectl-migrate.yaml:2:8: image: an image reference has no spaces: \"my image\"");
}

TEST(ParseProjectFile, TheVersionIsRequiredAndMustBeOne) {
  EXPECT_EQ(ErrorOf("app: yomu\nnamespace: yomu\n"),
            "kubectl-migrate.yaml:1:1: version: missing; a project file starts with "
            "\"version: 1\"");
  EXPECT_EQ(ErrorOf("app: yomu\nversion: 2\n"),
            "kubectl-migrate.yaml:2:10: version: \"2\" is not supported: this kubectl-migrate "
            "reads version 1");
  EXPECT_EQ(ErrorOf("version: [1]\n"),
            "kubectl-migrate.yaml:1:10: version: expected 1, found a list");
  EXPECT_EQ(ErrorOf(""),
            "kubectl-migrate.yaml:1:1: version: the file is empty; a project file starts with "
            "\"version: 1\"");
  EXPECT_EQ(ErrorOf("# only a comment\n"),
            "kubectl-migrate.yaml:1:1: version: the file is empty; a project file starts with "
            "\"version: 1\"");
}

TEST(ParseProjectFile, RegressionsFromFuzzing) {
  // fuzz_project_file: yaml-cpp 0.7's LoadAll never returns on stray text after a flow
  // collection; memory grew until the process was killed
  EXPECT_EQ(ErrorOf("{version: 1},"),
            "kubectl-migrate.yaml: not valid YAML: the parser finds no end to it (stray text "
            "after a flow collection?)");
  // (review while fuzzing) a syntax error under a key line of 100,000 blanks: looking for
  // the key, std::regex recursed once per blank until the stack overflowed
  std::string blanks(100000, ' ');
  EXPECT_THAT(ErrorOf("version: 1\n" + blanks + "- app: [\n"),
              StartsWith("kubectl-migrate.yaml:2:100006: version.app: not valid YAML: illegal map value"));
}

// The same alias limits as manifests (and go-yaml): a cycle or a blow-up is refused
// before anything reads the file's values.
TEST(ParseProjectFile, AliasCyclesAndBlowUpsAreRefused) {
  EXPECT_EQ(ErrorOf("version: 1\nrollout: &r {undo: [*r]}\n"),
            "kubectl-migrate.yaml: line 2: an alias inside the value of its own anchor (a cycle)");
  EXPECT_EQ(ErrorOf("version: 1\n" + km::testing::NestedYamlAliases(7, 10)),
            "kubectl-migrate.yaml: more than 1000000 values once aliases are expanded");
}

TEST(ParseProjectFile, TheShapeOfTheFileIsChecked) {
  EXPECT_EQ(ErrorOf("- version: 1\n"),
            "kubectl-migrate.yaml:1:1: version: expected a mapping of settings starting with "
            "\"version: 1\", found a list");
  EXPECT_EQ(ErrorOf("version: 1\napp: a\napp: b\n"), "kubectl-migrate.yaml:3:1: app: given twice");
  EXPECT_EQ(ErrorOf("version: 1\nhistory: {table: a, table: b}\n"),
            "kubectl-migrate.yaml:2:21: history.table: given twice");
  EXPECT_EQ(ErrorOf("version: 1\n? [a]\n: b\n"),
            "kubectl-migrate.yaml:2:3: ?: a key must be a name, not a list");
  EXPECT_EQ(ErrorOf("---\nversion: 1\n---\n"), "no error");
  EXPECT_EQ(ErrorOf("version: 1\n---\napp: b\n"),
            "kubectl-migrate.yaml:3:1: ---: a project file is one YAML document, this is a second "
            "one");
}

}  // namespace
}  // namespace km::project
