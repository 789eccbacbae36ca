#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kube/json.h"
#include "subprocess.h"

namespace km::testing {

// The local cluster tests/cluster/up started in $KM_CLUSTER_DIR (CTest sets it;
// the `cluster` fixture starts it). Tests fail, never skip, without it.
struct Cluster {
  std::string dir;
  std::string kubeconfig;  // contexts admin (current) and deployer
  std::string kubectl;     // the version-matched kubectl
};
const Cluster& TestCluster();

// The Job image plus busybox (tests/cluster/node/images) for Jobs whose command is a shell script:
// the shipped image has no shell.
inline constexpr char kShellImage[] = "ghcr.io/example/yomu-migrate:1.0.0";
// Busybox with user 0:0, so it runs as root: the kubelet refuses it under runAsNonRoot
// when the pod names no runAsUser (CreateContainerConfigError).
inline constexpr char kRootImage[] = "ghcr.io/example/runs-as-root:1.0.0";

// `url` (postgres://…@127.0.0.1:PORT/…) as the cluster's pods reach it: tests/cluster/expose relays
// PORT onto the pods' bridge, and the host part becomes the host's address there.
std::string PodDatabaseUrl(const std::string& url);

// kubectl as the cluster admin: argv after "kubectl".
RunResult Admin(const std::vector<std::string>& args);
// Same, failing the test when kubectl exits non-zero; returns stdout.
std::string AdminOk(const std::vector<std::string>& args);

// Calls `done` every 250 ms until it returns true (then true) or `timeout` passes (false).
bool PollUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout);

// kubectl apply -f of `yaml` (a temp file), as the admin, in `ns`.
void AdminApply(const std::string& ns, const std::string& yaml);

// A fresh namespace for one test, labelled with the restricted Pod Security
// Standard like yomu, with manifests/rbac.yaml applied (deployer may do exactly
// what that Role allows) and Secret kubectl-migrate-db holding DATABASE_URL of a
// fresh database (as pods reach it: PodDatabaseUrl). Deleted at the end.
class TestNamespace {
 public:
  TestNamespace();
  ~TestNamespace();
  TestNamespace(const TestNamespace&) = delete;
  TestNamespace& operator=(const TestNamespace&) = delete;

  const std::string& name() const { return name_; }
  const std::string& database_url() const { return database_url_; }

  // kubectl-migrate <args> as `deployer`, in this namespace.
  std::vector<std::string> Km(std::vector<std::string> args) const;

  // manifests/yomu-api.yaml in this namespace, rolled out at image 1.0.0 and then 1.1.0.
  void DeployYomuApiTwice();
  std::string YomuApiImage() const;

 private:
  std::string name_;
  std::string database_url_;
};

// A Drizzle migrations folder with one migration per SQL text, removed at the end.
class Migrations {
 public:
  explicit Migrations(const std::vector<std::string>& sql);
  ~Migrations();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The repository's migrations/ folder (three yomu migrations).
std::string RepoMigrations();

std::string ReadText(const std::string& path);

// The -o json report of a command; an empty object (so lookups find nothing), and a
// test failure, when stdout is no JSON object.
kube::JsonDoc Json(const std::string& text);

}  // namespace km::testing
