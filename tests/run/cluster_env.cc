#include "cluster_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "database.h"
#include "migration_dir.h"

namespace km::testing {
namespace {

std::map<std::string, std::string> ReadEnvFile(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, std::string> env;
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

std::string TempPath(const std::string& stem) {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() /
          (stem + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++)))
      .string();
}

}  // namespace

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const Cluster& TestCluster() {
  static const Cluster cluster = [] {
    const char* dir = std::getenv("KM_CLUSTER_DIR");
    if (dir == nullptr || *dir == '\0') {
      ADD_FAILURE() << "KM_CLUSTER_DIR is not set: run through ctest -L cluster (fixture cluster)";
      std::abort();
    }
    auto env = ReadEnvFile(std::string(dir) + "/env");
    if (env["KM_KUBECTL"].empty()) {
      ADD_FAILURE() << "no cluster in " << dir << ": tests/cluster/up " << dir << " did not run";
      std::abort();
    }
    return Cluster{dir, std::string(dir) + "/kubeconfig", env["KM_KUBECTL"]};
  }();
  return cluster;
}

std::string PodDatabaseUrl(const std::string& url) {
  const std::string loopback = "@127.0.0.1:";
  size_t at = url.find(loopback);
  if (at == std::string::npos) return url;
  size_t port_start = at + loopback.size();
  size_t port_end = url.find_first_not_of("0123456789", port_start);
  std::string port = url.substr(port_start, port_end - port_start);
  RunResult exposed =
      Run({std::string(KM_SOURCE_DIR) + "/tests/cluster/expose", TestCluster().dir, port});
  EXPECT_EQ(exposed.exit_code, 0) << "tests/cluster/expose " << TestCluster().dir << " " << port
                                  << ": " << exposed.err;
  std::string host = exposed.out.substr(0, exposed.out.find_first_of(" \n"));
  return url.substr(0, at + 1) + host + url.substr(port_start - 1);
}

RunResult Admin(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {TestCluster().kubectl, "--kubeconfig", TestCluster().kubeconfig,
                                   "--context", "admin"};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::string AdminOk(const std::vector<std::string>& args) {
  RunResult result = Admin(args);
  std::string command;
  for (const std::string& arg : args) command += " " + arg;
  EXPECT_EQ(result.exit_code, 0) << "kubectl" << command << ": " << result.err;
  return result.out;
}

void AdminApply(const std::string& ns, const std::string& yaml) {
  std::string path = TempPath("km-apply") + ".yaml";
  WriteFile(path, yaml);
  AdminOk({"-n", ns, "apply", "-f", path});
  std::filesystem::remove(path);
}

bool PollUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return true;
}

TestNamespace::TestNamespace() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string test = std::string(info->name());
  std::string label;
  for (char c : test) {
    if (std::isupper(static_cast<unsigned char>(c)) && !label.empty()) label += '-';
    label += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  name_ = ("km-run-" + label).substr(0, 50) + "-" + std::to_string(getpid() % 100000);
  AdminApply(name_, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name_ +
                        "\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n"
                        "    pod-security.kubernetes.io/enforce-version: latest\n");
  AdminOk({"-n", name_, "apply", "-f", std::string(KM_SOURCE_DIR) + "/manifests/rbac.yaml"});
  // Its ServiceAccount "default" comes from a controller a moment later (much later right after
  // a kube-apiserver restart): until then the Job controller cannot create a pod, which `run`
  // gives up on after 15 s. Kubernetes' own e2e framework waits for it the same way.
  if (!PollUntil(
          [&] {
            return Admin({"-n", name_, "get", "serviceaccount", "default", "-o", "name"})
                       .exit_code == 0;
          },
          std::chrono::seconds(120))) {
    ADD_FAILURE() << "no serviceaccount/default in namespace " << name_ << " after 120 s";
  }
  std::string database = "t_" + label;
  for (char& c : database) c = c == '-' ? '_' : c;
  database_url_ = FreshDatabase(database.substr(0, 60));
  AdminOk({"-n", name_, "create", "secret", "generic", "kubectl-migrate-db",
           "--from-literal=DATABASE_URL=" + PodDatabaseUrl(database_url_)});
}

TestNamespace::~TestNamespace() { Admin({"delete", "namespace", name_, "--wait=false"}); }

std::vector<std::string> TestNamespace::Km(std::vector<std::string> args) const {
  // The cluster flags go right after the subcommand: words after "--" are the Job's command.
  std::vector<std::string> argv = {Binary(), args.at(0), "--kubeconfig=" + TestCluster().kubeconfig,
                                   "--context=deployer", "--namespace=" + name_};
  argv.insert(argv.end(), args.begin() + 1, args.end());
  return argv;
}

void TestNamespace::DeployYomuApiTwice() {
  std::string yaml = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/yomu-api.yaml");
  std::string from = "namespace: yomu";
  yaml.replace(yaml.find(from), from.size(), "namespace: " + name_);
  AdminApply(name_, yaml);
  AdminOk({"-n", name_, "rollout", "status", "deployment/yomu-api", "--timeout=60s"});
  AdminOk(
      {"-n", name_, "set", "image", "deployment/yomu-api", "api=ghcr.io/example/yomu-api:1.1.0"});
  AdminOk({"-n", name_, "rollout", "status", "deployment/yomu-api", "--timeout=60s"});
  ASSERT_EQ(YomuApiImage(), "ghcr.io/example/yomu-api:1.1.0");
}

std::string TestNamespace::YomuApiImage() const {
  return AdminOk({"-n", name_, "get", "deployment/yomu-api", "-o",
                  "jsonpath={.spec.template.spec.containers[0].image}"});
}

Migrations::Migrations(const std::vector<std::string>& sql) : path_(TempPath("km-migrations")) {
  std::string entries;
  for (size_t i = 0; i < sql.size(); ++i) {
    std::string tag = "000" + std::to_string(i) + "_m" + std::to_string(i);
    entries += std::string(i ? "," : "") + R"({"idx":)" + std::to_string(i) +
               R"(,"version":"7","when":)" + std::to_string(1700000000000 + i) + R"(,"tag":")" +
               tag + R"(","breakpoints":true})";
    WriteFile(path_ + "/" + tag + ".sql", sql[i]);
  }
  WriteFile(path_ + "/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[)" + entries + "]}");
}

Migrations::~Migrations() { std::filesystem::remove_all(path_); }

std::string RepoMigrations() { return std::string(KM_SOURCE_DIR) + "/migrations"; }

kube::JsonDoc Json(const std::string& text) {
  auto doc = kube::ParseJson(text, "kubectl-migrate -o json");
  EXPECT_TRUE(doc) << doc.error().message << "\n" << text;
  if (doc && doc->IsObject()) return std::move(doc).value();
  kube::JsonDoc empty;
  empty.SetObject();
  return empty;
}

}  // namespace km::testing
