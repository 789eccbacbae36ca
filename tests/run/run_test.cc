// `kubectl migrate run` against the real local cluster (tests/cluster): the real runner
// applies migrations to the test PostgreSQL from inside the Job's "pod".
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "cluster_env.h"
#include "database.h"
#include "kube/json.h"
#include "migration_dir.h"

namespace km::testing {
namespace {

using std::chrono::seconds;

// The -o json report; an empty object (so lookups find nothing) when stdout is no JSON.
kube::JsonDoc Json(const std::string& text) {
  auto doc = kube::ParseJson(text, "kubectl-migrate -o json");
  EXPECT_TRUE(doc) << doc.error().message << "\n" << text;
  if (doc && doc->IsObject()) return std::move(doc).value();
  kube::JsonDoc empty;
  empty.SetObject();
  return empty;
}

// The result of rollback `i` in a report, or "" when there is none.
std::string RollbackResult(const kube::JsonValue& report, size_t i) {
  const kube::JsonValue* rollbacks = kube::Find(report, {"rollbacks"});
  if (rollbacks == nullptr || !rollbacks->IsArray() || rollbacks->Size() <= i) return "";
  return kube::StringAt((*rollbacks)[static_cast<rapidjson::SizeType>(i)], {"result"});
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

TEST(Run, AppliesTheMigrationsFromAJobInARestrictedNamespace) {
  TestNamespace ns;
  EXPECT_EQ(AdminOk({"get", "namespace", ns.name(), "-o",
                     "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}"}),
            "restricted");
  RunResult run = km::testing::Run(
      ns.Km({"run", "--app", "yomu-api", "--migrations", RepoMigrations(), "--commit",
             "0123456789abcdef", "--triggered-by", "ana", "--approved-by", "bea", "-o", "json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "succeeded");
  EXPECT_EQ(kube::IntAt(report, {"runner", "applied"}), 3);
  EXPECT_EQ(kube::StringAt(report, {"runner", "schema_version"}), "20261124135604_bookmarks");
  ASSERT_TRUE(report.HasMember("attempts") && report["attempts"].Size() == 1u) << run.out;
  EXPECT_EQ(kube::IntAt(report["attempts"][0], {"exit_code"}), 0);
  EXPECT_EQ(QueryValue(ns.database_url(), "SELECT count(*) FROM drizzle.__drizzle_migrations"),
            "3");

  std::string job = kube::StringAt(report, {"job"});
  EXPECT_TRUE(job.starts_with("yomu-api-migrate-")) << job;
  kube::JsonDoc object = Json(AdminOk({"-n", ns.name(), "get", "job", job, "-o", "json"}));
  EXPECT_EQ(kube::StringAt(object, {"metadata", "annotations", "kubectl-migrate/commit"}),
            "0123456789abcdef");
  EXPECT_EQ(kube::StringAt(object, {"metadata", "annotations", "kubectl-migrate/triggered-by"}),
            "ana");
  EXPECT_EQ(kube::StringAt(object, {"metadata", "annotations", "kubectl-migrate/approved-by"}),
            "bea");
  EXPECT_EQ(kube::StringAt(object, {"metadata", "labels", "kubectl-migrate/schema-version"}),
            "20261124135604_bookmarks");
  // The ConfigMap with the folder is owned by the Job, so the Job's TTL removes it too.
  std::string configmap = kube::StringAt(report, {"configmap"});
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "configmap", configmap, "-o",
                     "jsonpath={.metadata.ownerReferences[0].name}/{.immutable}"}),
            job + "/true");
  // The log of the attempt was streamed to stderr.
  EXPECT_NE(run.err.find("\"event\":\"summary\""), std::string::npos) << run.err;
}

TEST(Run, DryRunPrintsWhatTheRestrictedNamespaceAdmits) {
  TestNamespace ns;
  RunResult dry = km::testing::Run(ns.Km(
      {"run", "--app", "yomu-api", "--migrations", RepoMigrations(), "--dry-run", "-o", "json"}));
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  kube::JsonDoc list = Json(dry.out);
  ASSERT_TRUE(list.HasMember("items") && list["items"].Size() == 2u) << dry.out;
  EXPECT_EQ(kube::StringAt(list["items"][0], {"kind"}), "ConfigMap");
  EXPECT_EQ(kube::StringAt(list["items"][1], {"kind"}), "Job");
  // Nothing was created.
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "jobs", "-o", "name"}), "");
  // The pod the Job would create passes the restricted Pod Security admission.
  std::string pod =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"admission-check"},"spec":)" +
      kube::ToJson(*kube::Find(list["items"][1], {"spec", "template", "spec"})) + "}";
  std::string path = std::filesystem::temp_directory_path() / ("km-pod-" + ns.name() + ".json");
  WriteFile(path, pod);
  RunResult admitted = Admin({"-n", ns.name(), "create", "--dry-run=server", "-f", path});
  EXPECT_EQ(admitted.exit_code, 0) << admitted.err;
  EXPECT_EQ(admitted.err, "") << "warnings from admission";
  std::filesystem::remove(path);
}

TEST(Run, DryRunWithANamespaceNeedsNoKubeconfig) {
  RunResult dry = km::testing::Run({km::testing::Binary(), "run", "--app", "yomu-api", "-n", "yomu",
                                    "--kubeconfig", "/nonexistent/kubeconfig", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("kind: Job"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("namespace: yomu"), std::string::npos) << dry.out;
  // Without -n the namespace comes from the kubeconfig, so a missing one is an error.
  RunResult no_namespace = km::testing::Run({km::testing::Binary(), "run", "--app", "yomu-api",
                                             "--kubeconfig", "/nonexistent/kubeconfig", "--dry-run"});
  EXPECT_EQ(no_namespace.exit_code, 2) << no_namespace.err;
}

TEST(Run, SigtermStopsWaitingWithExitSixAndLeavesTheJobRunning) {
  TestNamespace ns;
  Migrations slow({"SELECT pg_sleep(60);"});
  Subprocess run(ns.Km({"run", "--app", "yomu-api", "--migrations", slow.path(), "--no-rollback"}));
  ASSERT_TRUE(run.WaitForOutput("migration_started", std::chrono::seconds(120))) << run.err();
  run.Signal(SIGTERM);
  EXPECT_EQ(run.Wait(std::chrono::seconds(60)), 6) << run.err();
  // The Job is not ours to kill: it keeps running (kubectl wait would leave it too).
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "jobs", "-o", "jsonpath={.items[*].status.active}"}), "1");
}

TEST(Run, FailingMigrationShowsEveryAttemptAndRollsBack) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Migrations failing({"SELECT 1/0;"});
  auto started = std::chrono::steady_clock::now();
  RunResult run = km::testing::Run(
      ns.Km({"run", "--migrations", failing.path(), "--backoff-limit", "1", "--rollback",
             "deployment/yomu-api", "--timeout", "300s", "-o", "json"}),
      {}, seconds(400));
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(run.exit_code, 8) << run.err;
  // Failed is told well before the timeout: the wait ends on the Job's condition.
  EXPECT_LT(elapsed, seconds(300));
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "failed");
  EXPECT_EQ(kube::StringAt(report, {"reason"}), "BackoffLimitExceeded");
  ASSERT_TRUE(report.HasMember("attempts") && report["attempts"].Size() == 2u) << run.out;
  for (const auto& attempt : report["attempts"].GetArray()) {
    EXPECT_EQ(kube::IntAt(attempt, {"exit_code"}), 1);
    std::string pod = kube::StringAt(attempt, {"pod"});
    EXPECT_NE(run.err.find("==> pod/" + pod), std::string::npos) << run.err;
  }
  // Once there are several pods, lines say which one they come from.
  std::string second = kube::StringAt(report["attempts"][1], {"pod"});
  EXPECT_NE(run.err.find("[" + second + "] {\"ts\""), std::string::npos) << run.err;
  // Each attempt's output is there up to its last line: the runner's summary.
  EXPECT_EQ(Count(run.err, "\"event\":\"summary\",\"success\":false"), 2u) << run.err;
  EXPECT_GE(Count(run.err, "division by zero"), 2u) << run.err;
  EXPECT_FALSE(kube::TrueAt(report, {"runner", "success"}));
  EXPECT_NE(kube::Find(report, {"runner", "success"}), nullptr);
  EXPECT_EQ(RollbackResult(report, 0), "rolled back");
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.0.0");
  // The condition the wait ended on is really there.
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "job", kube::StringAt(report, {"job"}), "-o",
                     "jsonpath={.status.conditions[?(@.type==\"FailureTarget\")].status}"}),
            "True");
  EXPECT_NE(run.err.find("kubectl-migrate: error: job/" + kube::StringAt(report, {"job"}) +
                         " failed (BackoffLimitExceeded"),
            std::string::npos)
      << run.err;
}

TEST(Run, TimeoutRollsBackAndExitsTen) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  RunResult run =
      km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--rollback", "deployment/yomu-api",
                              "--timeout", "3s", "-o", "json", "--image", kShellImage, "--", "sh",
                              "-c", "sleep 120"}),
                       {}, seconds(120));
  EXPECT_EQ(run.exit_code, 10) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "timed out");
  EXPECT_EQ(RollbackResult(report, 0), "rolled back");
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.0.0");
  EXPECT_NE(run.err.find("timed out after 3s (it keeps running"), std::string::npos) << run.err;
  AdminOk({"-n", ns.name(), "delete", "job", kube::StringAt(report, {"job"}), "--wait=false"});
}

TEST(Run, JobDeletedByItsTtlRightAfterSuccessStillSucceeds) {
  TestNamespace ns;
  RunResult run = km::testing::Run(ns.Km(
      {"run", "--app", "yomu-api", "--migrations", RepoMigrations(), "--ttl", "0s", "-o", "json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_TRUE(kube::TrueAt(report, {"succeeded"}));
  EXPECT_EQ(kube::IntAt(report, {"runner", "applied"}), 3);
  // run may end on SuccessCriteriaMet, before the pod has terminated and Complete lets the TTL
  // controller delete the Job (a real kubelet takes a moment): the Job goes within seconds.
  std::string job = kube::StringAt(report, {"job"});
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (Admin({"-n", ns.name(), "get", "job", job}).exit_code == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(Admin({"-n", ns.name(), "get", "job", job}).exit_code, 1)
      << "job/" << job << " not deleted by its TTL";
}

TEST(Run, JobDeletedMidWaitEndsTheWaitWithTheLastKnownState) {
  TestNamespace ns;
  Subprocess run(ns.Km(
      {"run", "--app", "yomu-api", "-o", "json", "--image", kShellImage, "--", "sh", "-c",
       "echo started; sleep 120"}));
  ASSERT_TRUE(run.WaitForOutput("started", seconds(60))) << run.err();
  std::string job = run.err().substr(run.err().find("job.batch/") + 10);
  job = job.substr(0, job.find(' '));
  AdminOk({"-n", ns.name(), "delete", "job", job, "--wait=false"});
  EXPECT_EQ(run.Wait(seconds(60)), 1) << run.err();
  kube::JsonDoc report = Json(run.out());
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "deleted");
  EXPECT_NE(kube::StringAt(report, {"detail"}).find("last seen: running (1 active"),
            std::string::npos)
      << run.out();
}

TEST(Run, ApiserverRestartMidWaitStillGivesTheOutcome) {
  TestNamespace ns;
  Subprocess run(
      ns.Km({"run", "--app", "yomu-api", "--migrations", RepoMigrations(), "-o", "json", "--image",
             kShellImage, "--", "sh", "-c",
             "echo waiting; sleep 12; exec kubectl-migrate apply --dir /migrations"}));
  ASSERT_TRUE(run.WaitForOutput("waiting", seconds(60))) << run.err();
  RunResult restarted = km::testing::Run(
      {std::string(KM_SOURCE_DIR) + "/tests/cluster/restart-apiserver", TestCluster().dir}, {},
      seconds(120));
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  EXPECT_EQ(run.Wait(seconds(180)), 0) << run.err();
  kube::JsonDoc report = Json(run.out());
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "succeeded");
  EXPECT_EQ(kube::IntAt(report, {"runner", "applied"}), 3);
  // The log stream came back too: the runner's last line was shown, and no warning.
  EXPECT_NE(run.err().find("\"event\":\"summary\",\"success\":true"), std::string::npos)
      << run.err();
  EXPECT_EQ(run.err().find("warning:"), std::string::npos) << run.err();
}

}  // namespace
}  // namespace km::testing
