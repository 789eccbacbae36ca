#include "deploy/job_template.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kube/yaml_json.h"

namespace km::deploy {
namespace {

using kube::Find;
using kube::StringAt;
using kube::ToJson;

kube::JsonDoc Embedded() {
  auto job = LoadJobTemplate("");
  EXPECT_TRUE(job) << job.error().message;
  return std::move(job).value();
}

TEST(LoadJobTemplate, EmbeddedTemplateIsARestrictedJob) {
  kube::JsonDoc job = Embedded();
  EXPECT_EQ(kube::IntAt(job, {"spec", "backoffLimit"}), 3);
  EXPECT_EQ(kube::IntAt(job, {"spec", "ttlSecondsAfterFinished"}), 300);
  const kube::JsonValue& container = (*Find(job, {"spec", "template", "spec", "containers"}))[0];
  EXPECT_TRUE(kube::TrueAt(container, {"securityContext", "readOnlyRootFilesystem"}));
  EXPECT_EQ(ToJson(*Find(container, {"securityContext", "capabilities", "drop"})), R"(["ALL"])");
  EXPECT_EQ(StringAt(container, {"resources", "limits", "memory"}), "256Mi");
  EXPECT_EQ(StringAt(container, {"resources", "requests", "cpu"}), "100m");
  EXPECT_EQ(
      StringAt(job, {"spec", "template", "spec", "securityContext", "seccompProfile", "type"}),
      "RuntimeDefault");
}

TEST(LoadJobTemplate, AManifestThatIsNoJobIsAUsageError) {
  auto job = LoadJobTemplate("/nonexistent/job.yaml");
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ExitCode::kUsage);
  EXPECT_NE(job.error().message.find("/nonexistent/job.yaml"), std::string::npos);
}

// A file in a fresh temp dir, removed at the end.
class TempManifest {
 public:
  explicit TempManifest(const std::string& text)
      : path_((std::filesystem::temp_directory_path() /
               ("km-job-template-" + std::to_string(::getpid()) + ".yaml"))
                  .string()) {
    std::ofstream(path_) << text;
  }
  ~TempManifest() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(LoadJobTemplate, ReadsTheUsersOwnManifest) {
  TempManifest manifest(R"(apiVersion: batch/v1
kind: Job
metadata:
  name: placeholder
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: registry.example/api:7
        command: ["node", "dist/migrate.js"]
)");
  auto job = LoadJobTemplate(manifest.path());
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(kube::IntAt(*job, {"spec", "backoffLimit"}), 0);
  const kube::JsonValue& container = (*Find(*job, {"spec", "template", "spec", "containers"}))[0];
  EXPECT_EQ(StringAt(container, {"image"}), "registry.example/api:7");
  EXPECT_EQ(ToJson(*Find(container, {"command"})), R"(["node","dist/migrate.js"])");
}

TEST(LoadJobTemplate, BrokenYamlNamesTheFile) {
  TempManifest manifest("kind: Job\nspec: [unclosed\n");
  auto job = LoadJobTemplate(manifest.path());
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ExitCode::kUsage);
  EXPECT_NE(job.error().message.find(manifest.path()), std::string::npos) << job.error().message;
}

TEST(BuildJob, AppliesNameLabelsAndOverridesToTheFirstContainer) {
  JobSettings settings;
  settings.name = "yomu-migrate-20250102030405-abcde";
  settings.namespace_ = "yomu";
  settings.image = "registry/app:2";
  settings.command = {"kubectl-migrate", "apply", "--dir", "/migrations"};
  settings.backoff_limit = 0;
  settings.ttl_seconds = 0;
  settings.env_secret = "yomu-db";
  settings.labels = {{"app.kubernetes.io/name", "yomu"}};
  settings.annotations = {{"kubectl-migrate/commit", "abc"}};
  auto job = BuildJob(Embedded(), settings);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(StringAt(*job, {"metadata", "name"}), settings.name);
  EXPECT_EQ(StringAt(*job, {"metadata", "namespace"}), "yomu");
  EXPECT_EQ(StringAt(*job, {"metadata", "labels", "app.kubernetes.io/name"}), "yomu");
  EXPECT_EQ(StringAt(*job, {"metadata", "labels", "app.kubernetes.io/managed-by"}),
            "kubectl-migrate");
  EXPECT_EQ(StringAt(*job, {"spec", "template", "metadata", "labels", "app.kubernetes.io/name"}),
            "yomu");
  EXPECT_EQ(StringAt(*job, {"metadata", "annotations", "kubectl-migrate/commit"}), "abc");
  EXPECT_EQ(kube::IntAt(*job, {"spec", "backoffLimit"}), 0);
  EXPECT_EQ(kube::IntAt(*job, {"spec", "ttlSecondsAfterFinished"}), 0);
  const kube::JsonValue& container = (*Find(*job, {"spec", "template", "spec", "containers"}))[0];
  EXPECT_EQ(StringAt(container, {"image"}), "registry/app:2");
  EXPECT_EQ(ToJson(*Find(container, {"command"})),
            R"(["kubectl-migrate","apply","--dir","/migrations"])");
  EXPECT_EQ(ToJson(*Find(container, {"envFrom"})),
            R"([{"configMapRef":{"name":"kubectl-migrate-config","optional":true}},)"
            R"({"secretRef":{"name":"yomu-db"}}])");
}

TEST(BuildJob, MigrationsConfigMapIsMountedReadOnlyWithItemPaths) {
  JobSettings settings;
  settings.name = "j";
  settings.migrations_configmap = "j-migrations";
  settings.migrations_items = {{"meta._journal.json", "meta/_journal.json"},
                               {"0000_a.sql", "0000_a.sql"}};
  auto job = BuildJob(Embedded(), settings);
  ASSERT_TRUE(job) << job.error().message;
  const kube::JsonValue& pod = *Find(*job, {"spec", "template", "spec"});
  EXPECT_EQ(ToJson(*Find(pod, {"volumes"})),
            R"([{"name":"migrations","configMap":{"name":"j-migrations","items":[)"
            R"({"key":"meta._journal.json","path":"meta/_journal.json"},)"
            R"({"key":"0000_a.sql","path":"0000_a.sql"}]}}])");
  EXPECT_EQ(ToJson(*Find((*Find(pod, {"containers"}))[0], {"volumeMounts"})),
            R"([{"name":"migrations","mountPath":"/migrations","readOnly":true}])");
}

TEST(ToLabelValue, KeepsValidTextAndFixesTheRest) {
  EXPECT_EQ(ToLabelValue("0002_sessions"), "0002_sessions");
  EXPECT_EQ(ToLabelValue("dependabot[bot]"), "dependabot_bot");
  EXPECT_EQ(ToLabelValue(std::string(70, 'a')).size(), 63u);
  EXPECT_EQ(ToLabelValue("-x-"), "x");
}

}  // namespace
}  // namespace km::deploy
