// Who may run: the deployer with exactly manifests/rbac.yaml, one verb less, an
// exec-credential kubeconfig, and kubeconfigs that are missing or broken.
#include <gtest/gtest.h>

#include <filesystem>

#include "cluster_env.h"
#include "database.h"
#include "kube/json.h"
#include "migration_dir.h"

namespace km::testing {
namespace {

// The lines of stderr that kubectl-migrate itself printed as errors.
std::vector<std::string> ErrorLines(const std::string& err) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < err.size()) {
    size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(start, end - start);
    if (line.starts_with("kubectl-migrate: error: ")) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

TEST(Access, DeployerWithOneVerbLessGetsOneForbiddenLineAndExitSeven) {
  TestNamespace ns;
  std::string role = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/rbac.yaml");
  std::string verbs = "verbs: [create, get, list, watch, patch, delete]";
  ASSERT_NE(role.find(verbs), std::string::npos) << "manifests/rbac.yaml changed: update this test";
  role.replace(role.find(verbs), verbs.size(), "verbs: [get, list, watch, patch, delete]");
  AdminApply(ns.name(), role);
  RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api"}));
  EXPECT_EQ(run.exit_code, 7) << run.err;
  auto errors = ErrorLines(run.err);
  ASSERT_EQ(errors.size(), 1u) << run.err;
  EXPECT_NE(errors[0].find("forbidden: User \"deployer\" cannot create resource \"jobs\" in API "
                           "group \"batch\" in the namespace \"" +
                           ns.name() + "\""),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(run.err, errors[0] + "\n");
}

TEST(Access, MissingConfigMapVerbStopsBeforeAnyJobExists) {
  TestNamespace ns;
  std::string role = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/rbac.yaml");
  std::string verbs = "verbs: [create, get, patch, delete]";
  ASSERT_NE(role.find(verbs), std::string::npos) << "manifests/rbac.yaml changed: update this test";
  role.replace(role.find(verbs), verbs.size(), "verbs: [get, patch, delete]");
  AdminApply(ns.name(), role);
  RunResult run =
      km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--migrations", RepoMigrations()}));
  EXPECT_EQ(run.exit_code, 7) << run.err;
  EXPECT_NE(run.err.find("cannot create resource \"configmaps\""), std::string::npos) << run.err;
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "jobs", "-o", "name"}), "");
}

TEST(Access, StatusListsTheRunsWithExactlyTheRole) {
  TestNamespace ns;
  RunResult run = km::testing::Run(ns.Km(
      {"run", "--app", "yomu-api", "--migrations", RepoMigrations(), "--commit", "feedbeef"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  RunResult status = km::testing::Run(ns.Km(
      {"status", "-o", "json", "--database-url", ns.database_url(), "--dir", RepoMigrations()}));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto doc = kube::ParseJson(status.out, "status");
  ASSERT_TRUE(doc) << status.out;
  const kube::JsonValue& jobs = (*doc)["cluster"]["jobs"];
  ASSERT_EQ(jobs.Size(), 1u) << status.out;
  EXPECT_EQ(kube::StringAt(jobs[0], {"outcome"}), "succeeded");
  EXPECT_EQ(kube::StringAt(jobs[0], {"commit"}), "feedbeef");
  EXPECT_EQ(kube::StringAt(jobs[0], {"schema_version"}), "20261124135604_bookmarks");
  EXPECT_NE(status.out.find(R"("state":"applied")"), std::string::npos) << status.out;
  RunResult table = km::testing::Run(ns.Km({"status", "--app", "yomu-api"}));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("succeeded"), std::string::npos) << table.out;
  RunResult other = km::testing::Run(ns.Km({"status", "--app", "Other_App"}));
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out.find("No migration jobs in namespace " + ns.name()), std::string::npos)
      << other.out;
}

TEST(Access, ExecCredentialKubeconfigWorks) {
  TestNamespace ns;
  std::string pki = TestCluster().dir + "/pki/";
  auto pem_json = [](const std::string& path) {
    std::string text = ReadText(path), out;
    for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
  };
  std::string dir = std::filesystem::temp_directory_path() / ("km-exec-" + ns.name());
  WriteFile(dir + "/credential.json",
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{)"
            R"("clientCertificateData":")" +
                pem_json(pki + "deployer.crt") + R"(","clientKeyData":")" +
                pem_json(pki + "deployer.key") + R"("}})");
  WriteFile(dir + "/plugin.sh", "#!/bin/sh\ncat \"$(dirname \"$0\")/credential.json\"\n");
  std::filesystem::permissions(dir + "/plugin.sh", std::filesystem::perms::owner_all);
  std::string server =
      AdminOk({"config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"});
  WriteFile(dir + "/kubeconfig",
            "apiVersion: v1\nkind: Config\ncurrent-context: exec\nclusters:\n- name: local\n"
            "  cluster:\n    server: " +
                server + "\n    certificate-authority: " + pki +
                "ca.crt\nusers:\n- name: exec\n  user:\n    exec:\n"
                "      apiVersion: client.authentication.k8s.io/v1\n      command: ./plugin.sh\n"
                "      interactiveMode: Never\ncontexts:\n- name: exec\n  context:\n"
                "    cluster: local\n    user: exec\n    namespace: " +
                ns.name() + "\n");
  RunResult run = km::testing::Run({Binary(), "run", "--kubeconfig", dir + "/kubeconfig", "--app",
                                    "yomu-api", "--migrations", RepoMigrations(), "-o", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(R"("outcome":"succeeded")"), std::string::npos) << run.out;
  std::filesystem::remove_all(dir);
}

TEST(Access, HostileKubeconfigsGiveOneClearLineAndExitTwo) {
  std::string dir = std::filesystem::temp_directory_path() / "km-hostile-kubeconfigs";
  WriteFile(dir + "/bad.yaml", "apiVersion: v1\nclusters: [unclosed\n");
  WriteFile(dir + "/good.yaml", ReadText(TestCluster().kubeconfig));
  struct Case {
    std::vector<std::string> flags;
    std::string expected;
  };
  std::vector<Case> cases = {
      {{"--kubeconfig", dir + "/missing.yaml"}, dir + "/missing.yaml"},
      {{"--kubeconfig", dir + "/bad.yaml"}, dir + "/bad.yaml"},
      {{"--kubeconfig", dir + "/good.yaml", "--context", "prod"}, "context \"prod\""},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {Binary(), "run", "--app", "yomu-api"};
    argv.insert(argv.end(), c.flags.begin(), c.flags.end());
    RunResult run = km::testing::Run(argv);
    EXPECT_EQ(run.exit_code, 2) << run.err;
    auto errors = ErrorLines(run.err);
    ASSERT_EQ(errors.size(), 1u) << run.err;
    EXPECT_EQ(run.err, errors[0] + "\n");
    EXPECT_NE(errors[0].find(c.expected), std::string::npos) << errors[0];
    EXPECT_EQ(run.err.find("BEGIN"), std::string::npos)
        << "a key or certificate leaked: " << run.err;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace km::testing
