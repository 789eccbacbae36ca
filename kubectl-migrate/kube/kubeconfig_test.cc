#include "kube/kubeconfig.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace km::kube {
namespace {

namespace fs = std::filesystem;

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("km-kubeconfig-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  ConfigEnv Env() {
    ConfigEnv env;
    env.home = (dir_ / "home").string();
    return env;
  }

  fs::path dir_;
};

constexpr const char* kTwoContexts = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://dev.example:6443/
    certificate-authority: certs/ca.pem
- name: prod-cluster
  cluster:
    server: https://prod.example:6443
    certificate-authority-data: aGVsbG8gY2E=
    tls-server-name: kubernetes
    proxy-url: http://proxy:3128
users:
- name: dev-user
  user:
    token: dev-token
- name: prod-user
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
contexts:
- name: dev
  context: {cluster: dev-cluster, user: dev-user, namespace: apps}
- name: prod
  context: {cluster: prod-cluster, user: prod-user}
)";

TEST_F(KubeconfigTest, UsesCurrentContextAndResolvesRelativePathsAgainstTheFile) {
  std::string path = Write("conf/config", kTwoContexts);
  ConfigFlags flags;
  flags.kubeconfig = path;
  auto config = LoadRestConfig(flags, Env());
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server, "https://dev.example:6443");
  EXPECT_EQ(config->ca_file, (dir_ / "conf/certs/ca.pem").string());
  EXPECT_EQ(config->token, "dev-token");
  EXPECT_EQ(config->namespace_, "apps");
  EXPECT_EQ(config->context, "dev");
}

TEST_F(KubeconfigTest, ContextFlagSelectsAnotherContextAndDecodesInlineData) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", kTwoContexts);
  flags.context = "prod";
  auto config = LoadRestConfig(flags, Env());
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->ca_data, "hello ca");
  EXPECT_EQ(config->client_cert_data, "cert");
  EXPECT_EQ(config->client_key_data, "key");
  EXPECT_EQ(config->tls_server_name, "kubernetes");
  EXPECT_EQ(config->proxy_url, "http://proxy:3128");
  EXPECT_EQ(config->namespace_, "default");
}

TEST_F(KubeconfigTest, NamespaceFlagWinsOverContextNamespace) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", kTwoContexts);
  flags.namespace_ = "migrations";
  auto config = LoadRestConfig(flags, Env());
  ASSERT_TRUE(config);
  EXPECT_EQ(config->namespace_, "migrations");
}

TEST_F(KubeconfigTest, ClusterAndUserFlagsOverrideTheContext) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", kTwoContexts);
  flags.cluster = "prod-cluster";
  flags.user = "prod-user";
  auto config = LoadRestConfig(flags, Env());
  ASSERT_TRUE(config);
  EXPECT_EQ(config->server, "https://prod.example:6443");
  EXPECT_EQ(config->token, "");
  EXPECT_EQ(config->client_cert_data, "cert");
  EXPECT_EQ(config->namespace_, "apps");
}

TEST_F(KubeconfigTest, MissingKubeconfigFlagIsAnError) {
  ConfigFlags flags;
  flags.kubeconfig = (dir_ / "nope").string();
  auto config = LoadRestConfig(flags, Env());
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, ExitCode::kUsage);
  EXPECT_NE(config.error().message.find("does not exist"), std::string::npos);
}

TEST_F(KubeconfigTest, UnknownContextIsNamed) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", kTwoContexts);
  flags.context = "staging";
  auto config = LoadRestConfig(flags, Env());
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("context \"staging\" not found"), std::string::npos);
}

TEST_F(KubeconfigTest, KubeconfigListMergesWithFirstDefinitionWinning) {
  std::string first = Write("a/config", R"(
clusters:
- name: shared
  cluster: {server: "https://first:6443", certificate-authority: ca.pem}
users:
- name: me
  user: {token: first-token}
)");
  std::string second = Write("b/config", R"(
current-context: ctx
clusters:
- name: shared
  cluster: {server: "https://second:6443"}
users:
- name: me
  user: {token: second-token}
contexts:
- name: ctx
  context: {cluster: shared, user: me}
)");
  std::string third = Write("c/config", "current-context: other\n");
  ConfigEnv env = Env();
  env.kubeconfig = first + ":" + (dir_ / "missing").string() + "::" + second + ":" + third;
  auto config = LoadRestConfig(ConfigFlags{}, env);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server, "https://first:6443");
  EXPECT_EQ(config->ca_file, (dir_ / "a/ca.pem").string());
  EXPECT_EQ(config->token, "first-token");
  EXPECT_EQ(config->context, "ctx");
}

TEST_F(KubeconfigTest, FallsBackToHomeConfig) {
  Write("home/.kube/config", kTwoContexts);
  auto config = LoadRestConfig(ConfigFlags{}, Env());
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server, "https://dev.example:6443");
}

TEST_F(KubeconfigTest, FallsBackToInClusterServiceAccount) {
  Write("sa/token", "tok");
  Write("sa/namespace", "jobs\n");
  ConfigEnv env = Env();
  env.service_host = "10.0.0.1";
  env.service_port = "443";
  env.service_account_dir = (dir_ / "sa").string();
  auto config = LoadRestConfig(ConfigFlags{}, env);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server, "https://10.0.0.1:443");
  EXPECT_EQ(config->token_file, (dir_ / "sa/token").string());
  EXPECT_EQ(config->ca_file, (dir_ / "sa/ca.crt").string());
  EXPECT_EQ(config->namespace_, "jobs");
  EXPECT_EQ(config->source, "in-cluster");
}

TEST_F(KubeconfigTest, InClusterIpv6HostIsBracketed) {
  Write("sa/token", "tok");
  ConfigEnv env = Env();
  env.service_host = "fd00::1";
  env.service_port = "6443";
  env.service_account_dir = (dir_ / "sa").string();
  auto config = LoadRestConfig(ConfigFlags{}, env);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->server, "https://[fd00::1]:6443");
}

TEST_F(KubeconfigTest, NoConfigurationAnywhereIsAUsageError) {
  auto config = LoadRestConfig(ConfigFlags{}, Env());
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, ExitCode::kUsage);
}

TEST_F(KubeconfigTest, ReadsExecPlugin) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", R"(
current-context: c
clusters: [{name: k, cluster: {server: "https://k:6443"}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, k]
      env: [{name: REGION, value: eu}]
      interactiveMode: Never
      provideClusterInfo: true
)");
  auto config = LoadRestConfig(flags, Env());
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_TRUE(config->exec.has_value());
  EXPECT_EQ(config->exec->command, (dir_ / "bin/get-token").string());
  EXPECT_EQ(config->exec->args, (std::vector<std::string>{"--cluster", "k"}));
  ASSERT_EQ(config->exec->env.size(), 1u);
  EXPECT_EQ(config->exec->env[0].first, "REGION");
  EXPECT_TRUE(config->exec->provide_cluster_info);
}

TEST(DecodeBase64, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(*DecodeBase64("aGVsbG8="), "hello");
  EXPECT_EQ(*DecodeBase64("aGVsbG8"), "hello");
  EXPECT_EQ(*DecodeBase64("aGVs\nbG8="), "hello");
  EXPECT_FALSE(DecodeBase64("aGV*"));
}

// From fuzzing (fuzz_kubeconfig): yaml-cpp throws when a scalar is subscripted, and
// the exception ended the process. Scalars where mappings belong now read as absent.
TEST_F(KubeconfigTest, FromFuzzingScalarsWhereMappingsBelongAreNoCrash) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", "current-context: ctx\n"
                                     "clusters:\n- shared\n- name: c\n  cluster: https://x\n"
                                     "users:\n- name: me\n  user: token\n"
                                     "contexts:\n- name: ctx\n  context: {cluster: c, user: me}\n");
  auto config = LoadRestConfig(flags, Env());
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, "cluster \"c\" has no server");
}

TEST_F(KubeconfigTest, FromFuzzingExecArgsThatAreNotStringsAreAnError) {
  ConfigFlags flags;
  flags.kubeconfig = Write("config", R"(current-context: ctx
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: me, user: {exec: {apiVersion: v1, command: get-token, args: [[nested]]}}}]
contexts: [{name: ctx, context: {cluster: c, user: me}}]
)");
  auto config = LoadRestConfig(flags, Env());
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("exec args must be strings"), std::string::npos)
      << config.error().message;
}

}  // namespace
}  // namespace km::kube
