// `kubectl migrate run` against the real local cluster (tests/cluster): the real runner
// applies migrations to the test PostgreSQL from inside the Job's "pod".
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>

#include "cluster_env.h"
#include "database.h"
#include "kube/json.h"
#include "migration_dir.h"

namespace km::testing {
namespace {

using std::chrono::seconds;

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

// Scenario 1 and 4 of the run issue: a SQL error fails the same way every time, so
// the Job fails on its first attempt (podFailurePolicy on the runner's exit code 1),
// with the runner's own error line; and yomu-api, which this deploy never changed,
// is left alone instead of being downgraded.
TEST(Run, DeterministicFailureFailsAtOnceAndLeavesAnUnchangedDeploymentAlone) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Migrations failing({"SELECT 1/0;"});
  RunResult run = km::testing::Run(
      ns.Km({"run", "--migrations", failing.path(), "--rollback", "deployment/yomu-api", "-o", "json"}),
      {}, seconds(400));
  EXPECT_EQ(run.exit_code, 8) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "failed");
  EXPECT_EQ(kube::StringAt(report, {"reason"}), "PodFailurePolicy");
  ASSERT_TRUE(report.HasMember("attempts") && report["attempts"].Size() == 1u)
      << "backoffLimit 3 must not be spent on an error that recurs: " << run.out;
  EXPECT_EQ(kube::IntAt(report["attempts"][0], {"exit_code"}), 1);
  EXPECT_NE(kube::StringAt(report, {"runner_error"}).find("division by zero"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("kubectl-migrate: error: job/" + kube::StringAt(report, {"job"}) +
                         " failed: migration 0000_m0 failed at statement 1 of 1"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(RollbackResult(report, 0), "unchanged");
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.1.0") << "production downgraded";
  // From the pod's exit code (usually first) or from the Job's FailureTarget: the same verdict.
  EXPECT_NE(kube::StringAt(report, {"detail"}).find("PodFailurePolicy"), std::string::npos) << run.out;
  std::string failure_target;
  PollUntil(
      [&] {
        failure_target =
            AdminOk({"-n", ns.name(), "get", "job", kube::StringAt(report, {"job"}), "-o",
                     "jsonpath={.status.conditions[?(@.type==\"FailureTarget\")].status}"});
        return failure_target == "True";
      },
      seconds(30));
  EXPECT_EQ(failure_target, "True");
}

// The reference workflow rolls the new image out before the migration: it names the
// revision to return to.
TEST(Run, AFailureReturnsTheDeploymentToTheRevisionNamedForIt) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Migrations failing({"SELECT 1/0;"});
  RunResult run = km::testing::Run(
      ns.Km({"run", "--migrations", failing.path(), "--rollback", "deployment/yomu-api@1", "-o", "json"}),
      {}, seconds(400));
  EXPECT_EQ(run.exit_code, 8) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(RollbackResult(report, 0), "rolled back") << run.out;
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.0.0");
}

// A Deployment changed while the migration runs is returned to the revision it had
// when run started, not one further back.
TEST(Run, AFailureUndoesOnlyWhatChangedDuringTheRun) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Subprocess run(ns.Km({"run", "--app", "yomu-api", "--rollback", "deployment/yomu-api", "-o", "json", "--image",
                        kShellImage, "--", "sh", "-c", "echo started; sleep 6; exit 1"}));
  ASSERT_TRUE(run.WaitForOutput("started", seconds(60))) << run.err();
  AdminOk({"-n", ns.name(), "set", "image", "deployment/yomu-api", "api=ghcr.io/example/yomu-api:1.2.0"});
  EXPECT_EQ(run.Wait(seconds(120)), 8) << run.err();
  kube::JsonDoc report = Json(run.out());
  EXPECT_EQ(RollbackResult(report, 0), "rolled back") << run.out();
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.1.0");
}

// Exit codes that may pass on retry (here 5, database unreachable) still use backoffLimit.
TEST(Run, ATransientFailureIsRetriedWithinTheBackoffLimit) {
  TestNamespace ns;
  RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--backoff-limit", "1", "-o", "json",
                                          "--image", kShellImage, "--", "sh", "-c", "echo unreachable; exit 5"}),
                                   {}, seconds(300));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"reason"}), "BackoffLimitExceeded");
  ASSERT_TRUE(report.HasMember("attempts") && report["attempts"].Size() == 2u) << run.out;
  // Each attempt's output is there, prefixed by its pod once there are several.
  std::string second = kube::StringAt(report["attempts"][1], {"pod"});
  EXPECT_NE(run.err.find("[" + second + "] unreachable"), std::string::npos) << run.err;
  EXPECT_EQ(Count(run.err, "unreachable"), 2u) << run.err;
}

// Scenario 3: at --timeout the Job is stopped first; only once its pod has ended is
// the Deployment rolled back, and the report says what committed.
TEST(Run, TimeoutStopsTheJobBeforeRollingBack) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  RunResult run =
      // The process ends on SIGTERM, as the runner does (sh as PID 1 would ignore it and
      // make the pod wait out its 30 s grace period).
      km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--rollback", "deployment/yomu-api@1", "--timeout", "3s",
                              "-o", "json", "--image", kShellImage, "--", "sh", "-c",
                              "trap 'exit 143' TERM; sleep 120 & wait"}),
                       {}, seconds(180));
  EXPECT_EQ(run.exit_code, 10) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "timed out");
  EXPECT_TRUE(kube::TrueAt(report, {"job_stopped"})) << run.out;
  EXPECT_TRUE(kube::TrueAt(report, {"pods_ended"})) << run.out;
  EXPECT_EQ(RollbackResult(report, 0), "rolled back");
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.0.0");
  EXPECT_NE(run.err.find("timed out after 3s, stopped; committed before it stopped: none"), std::string::npos)
      << run.err;
  std::string job = kube::StringAt(report, {"job"});
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "job", job, "-o", "jsonpath={.spec.activeDeadlineSeconds}"}), "1");
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "pods", "-l", "batch.kubernetes.io/job-name=" + job, "-o",
                     "jsonpath={.items[?(@.status.phase==\"Running\")].metadata.name}"}),
            "");
}

TEST(Run, LeavingATimedOutJobRunningNeverRollsBack) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--rollback", "deployment/yomu-api@1",
                                          "--timeout", "3s", "--on-timeout", "leave", "-o", "json", "--image",
                                          kShellImage, "--", "sh", "-c", "sleep 120"}),
                                   {}, seconds(120));
  EXPECT_EQ(run.exit_code, 10) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(RollbackResult(report, 0), "withheld") << run.out;
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.1.0");
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "jobs", "-o", "jsonpath={.items[*].status.active}"}), "1");
  AdminOk({"-n", ns.name(), "delete", "job", kube::StringAt(report, {"job"}), "--wait=false"});
}

// Scenario 2: a pod that cannot be scheduled is shown with the scheduler's reason and
// given up on after --start-timeout, the Job stopped.
TEST(Run, APodThatCannotBeScheduledIsGivenUpOnWithTheSchedulersReason) {
  TestNamespace ns;
  std::string manifest = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/migration-job.yaml");
  std::string request = "cpu: 100m";
  manifest.replace(manifest.find(request), request.size(), "cpu: \"500\"");
  std::string limit = "cpu: 200m";
  manifest.replace(manifest.find(limit), limit.size(), "cpu: \"500\"");
  std::string path = std::filesystem::temp_directory_path() / ("km-huge-" + ns.name() + ".yaml");
  WriteFile(path, manifest);
  RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--manifest", path, "--start-timeout", "5s",
                                          "-o", "json"}),
                                   {}, seconds(120));
  std::filesystem::remove(path);
  EXPECT_EQ(run.exit_code, 13) << run.err;
  kube::JsonDoc report = Json(run.out);
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "not started");
  EXPECT_NE(run.err.find("Insufficient cpu"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("never started, stopped: no pod started within --start-timeout 5s"), std::string::npos)
      << run.err;
  EXPECT_TRUE(kube::TrueAt(report, {"job_stopped"}));
}

// Scenario 5: the usage on the design card.
TEST(Run, TheCardsUsageNamesTheAppAfterTheNamespace) {
  TestNamespace ns;
  RunResult run = km::testing::Run(ns.Km({"run", "--migrations", RepoMigrations(), "-o", "json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("app: " + ns.name() + " (from the namespace"), std::string::npos) << run.err;
  kube::JsonDoc report = Json(run.out);
  // Long names are cut and hashed (MakeRunJobName); the start is the namespace's.
  EXPECT_EQ(kube::StringAt(report, {"job"}).rfind(ns.name().substr(0, 20), 0), 0u) << run.out;
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
  PollUntil(
      [&] {
        return Admin({"-n", ns.name(), "get", "job", job}).exit_code != 0;
      },
      seconds(30));
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

TEST(Run, WhatAnEarlierAttemptCommittedCountsInWhatTheJobApplied) {
  TestNamespace ns;
  // The first attempt commits all three and then fails retryably (exit 5, as a runner cut off
  // from the database right after its last commit would; an evicted pod is the same story):
  // the Job retries, and the second attempt finds nothing left to do.
  RunResult run = km::testing::Run(
      ns.Km({"run", "--app", "yomu-api", "--migrations", RepoMigrations(), "-o", "json", "--image",
             kShellImage, "--", "sh", "-c",
             "out=$(kubectl-migrate apply --dir /migrations --output json); echo \"$out\"; "
             "case \"$out\" in *'\"applied\":0,'*) ;; *) exit 5;; esac"}),
      {}, seconds(240));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  kube::JsonDoc report = Json(run.out);
  ASSERT_TRUE(report.HasMember("attempts") && report["attempts"].Size() == 2u) << run.out;
  EXPECT_EQ(kube::IntAt(report["attempts"][0], {"exit_code"}), 5) << run.out;
  EXPECT_EQ(kube::IntAt(report["attempts"][1], {"exit_code"}), 0) << run.out;
  EXPECT_EQ(kube::IntAt(report, {"runner", "applied"}), 0) << "the last attempt's own summary";
  EXPECT_EQ(kube::IntAt(report, {"applied"}), 3) << run.out;
  ASSERT_TRUE(report.HasMember("committed") && report["committed"].Size() == 3u) << run.out;
  EXPECT_EQ(QueryValue(ns.database_url(), "SELECT count(*) FROM drizzle.__drizzle_migrations"),
            "3");
}

// The app's pod, deployed beside the migration (as Argo CD or Flux would), holds in its init
// container `kubectl migrate wait` (the shipped image and its own folder) until `run` applies
// the schema; then it starts.
TEST(Run, AnInitContainerHoldsTheAppUntilTheRunAppliesItsSchema) {
  TestNamespace ns;
  AdminApply(ns.name(), R"(apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile: {type: RuntimeDefault}
  initContainers:
  - name: wait-for-schema
    image: ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0
    imagePullPolicy: Never
    command: [kubectl-migrate, wait, --dir, /migrations, --timeout, 180s, --interval, 500ms, --output, text]
    envFrom: [{secretRef: {name: kubectl-migrate-db}}]
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL]}
  containers:
  - name: api
    image: ghcr.io/example/yomu-api:1.0.0
    imagePullPolicy: Never
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL]}
)");
  auto init_log = [&] {
    return Admin({"-n", ns.name(), "logs", "app", "-c", "wait-for-schema"}).out;
  };
  PollUntil([&] { return init_log().find("waiting for 3 of 3 migration(s)") != std::string::npos; },
            seconds(90));
  ASSERT_NE(init_log().find("waiting for 3 of 3 migration(s): 20261124135554_users"),
            std::string::npos)
      << init_log() << AdminOk({"-n", ns.name(), "describe", "pod", "app"});
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "pod", "app", "-o", "jsonpath={.status.phase}"}),
            "Pending");

  RunResult run =
      km::testing::Run(ns.Km({"run", "--app", "yomu-api", "-o", "json"}), {}, seconds(240));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  AdminOk({"-n", ns.name(), "wait", "--for=condition=Ready", "pod/app", "--timeout=90s"});
  EXPECT_NE(
      init_log().find("schema ready: 3 migration(s) applied, the newest 20261124135604_bookmarks"),
      std::string::npos)
      << init_log();
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
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "succeeded") << run.out();
  EXPECT_EQ(kube::IntAt(report, {"applied"}), 3) << run.out() << run.err();
  // Once (session 6) a second attempt ran after the restart and found everything applied: how
  // often is in the test's XML output (--gtest_output=xml).
  const kube::JsonValue* attempts = kube::Find(report, {"attempts"});
  RecordProperty("attempts", attempts != nullptr && attempts->IsArray()
                                 ? static_cast<int>(attempts->Size())
                                 : -1);
  // The log stream came back too: the runner's last line was shown, and no warning.
  EXPECT_NE(run.err().find("\"event\":\"summary\",\"success\":true"), std::string::npos)
      << run.err();
  EXPECT_EQ(run.err().find("warning:"), std::string::npos) << run.err();
}

}  // namespace
}  // namespace km::testing
