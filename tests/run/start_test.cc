// Pods that cannot start, on the real kubelet and containerd (no registry: a pull goes to a
// proxy on 127.0.0.1:1 that nothing listens on). Each run ends with exit 13 and the
// kubelet's reason, the Job stopped, and yomu-api, which this deploy never changed, left at
// its image.
#include <gtest/gtest.h>

#include <filesystem>

#include "cluster_env.h"
#include "kube/json.h"
#include "migration_dir.h"

namespace km::testing {
namespace {

using std::chrono::seconds;

// The Job template with each `from` replaced by its `to`, in a temporary file.
class Template {
 public:
  Template(const std::string& ns, const std::vector<std::pair<std::string, std::string>>& edits)
      : path_(std::filesystem::temp_directory_path() / ("km-template-" + ns + ".yaml")) {
    std::string manifest = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/migration-job.yaml");
    for (const auto& [from, to] : edits) {
      size_t at = manifest.find(from);
      EXPECT_NE(at, std::string::npos) << "manifests/migration-job.yaml has no \"" << from << "\"";
      if (at != std::string::npos) manifest.replace(at, from.size(), to);
    }
    WriteFile(path_, manifest);
  }
  ~Template() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Outcome {
  RunResult run;
  kube::JsonDoc report;
};

// `run` with a rollback of yomu-api (at 1.1.0 after two rollouts) and `flags`.
Outcome RunWithRollback(TestNamespace& ns, std::vector<std::string> flags) {
  std::vector<std::string> args = {"run", "--app", "yomu-api", "--rollback", "deployment/yomu-api", "-o", "json"};
  args.insert(args.end(), flags.begin(), flags.end());
  RunResult run = km::testing::Run(ns.Km(args), {}, seconds(240));
  kube::JsonDoc report = Json(run.out);
  return {std::move(run), std::move(report)};
}

void ExpectNotStarted(TestNamespace& ns, const Outcome& outcome, const std::string& reason) {
  EXPECT_EQ(outcome.run.exit_code, 13) << outcome.run.err;
  EXPECT_EQ(kube::StringAt(outcome.report, {"outcome"}), "not started") << outcome.run.out;
  EXPECT_TRUE(kube::TrueAt(outcome.report, {"job_stopped"})) << outcome.run.out;
  std::string job = kube::StringAt(outcome.report, {"job"});
  EXPECT_NE(outcome.run.err.find("kubectl-migrate: error: job/" + job + " never started, stopped: "),
            std::string::npos)
      << outcome.run.err;
  EXPECT_NE(outcome.run.err.find(reason), std::string::npos) << outcome.run.err;
  EXPECT_NE(kube::StringAt(outcome.report, {"detail"}).find(reason), std::string::npos) << outcome.run.out;
  EXPECT_EQ(ns.YomuApiImage(), "ghcr.io/example/yomu-api:1.1.0") << "the deploy changed nothing to undo";
  const kube::JsonValue* rollbacks = kube::Find(outcome.report, {"rollbacks"});
  ASSERT_TRUE(rollbacks != nullptr && rollbacks->IsArray() && rollbacks->Size() == 1u) << outcome.run.out;
  EXPECT_EQ(kube::StringAt((*rollbacks)[0], {"result"}), "unchanged") << outcome.run.out;
  // No container ever ran: nothing can commit.
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "pods", "-l", "batch.kubernetes.io/job-name=" + job, "-o",
                     "jsonpath={.items[*].status.containerStatuses[*].state.running}"}),
            "");
}

TEST(Start, AMissingSecretIsGivenUpOnAfterItsGrace) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Outcome outcome = RunWithRollback(ns, {"--env-secret", "no-such-secret"});
  ExpectNotStarted(ns, outcome, "CreateContainerConfigError: secret \"no-such-secret\" not found");
  EXPECT_NE(outcome.run.err.find("(still there after 15s)"), std::string::npos) << outcome.run.err;
  // The record says the same after the Job is gone.
  AdminOk({"-n", ns.name(), "delete", "job", kube::StringAt(outcome.report, {"job"}), "--wait=true"});
  RunResult logs = km::testing::Run(ns.Km({"logs", "--app", "yomu-api", "--failed"}));
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find(" not started, exit 13"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("secret \"no-such-secret\" not found"), std::string::npos) << logs.out;
}

TEST(Start, AnImageNeverToBePulledFailsAtOnce) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Template never(ns.name(), {{"        image: ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0\n",
                              "        image: ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0\n"
                              "        imagePullPolicy: Never\n"}});
  // --start-timeout and --timeout far beyond the test's own 240 s: only ErrImageNeverPull ends it.
  Outcome outcome = RunWithRollback(ns, {"--manifest", never.path(), "--image", "ghcr.io/example/no-such-image:9.9.9",
                                         "--start-timeout", "600s", "--timeout", "900s"});
  ExpectNotStarted(ns, outcome, "ErrImageNeverPull: Container image \"ghcr.io/example/no-such-image:9.9.9\" is not present");
}

TEST(Start, AnImageThatCannotBePulledIsShownAndGivenUpOnAtTheStartTimeout) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  Outcome outcome = RunWithRollback(ns, {"--image", "ghcr.io/example/no-such-image:9.9.9", "--start-timeout", "15s"});
  ExpectNotStarted(ns, outcome, "no pod started within --start-timeout 15s");
  // The pull went to the dead proxy on loopback, and the kubelet's reason was shown as it came.
  EXPECT_TRUE(outcome.run.err.find(": ErrImagePull: ") != std::string::npos ||
              outcome.run.err.find(": ImagePullBackOff: ") != std::string::npos)
      << outcome.run.err;
  EXPECT_NE(outcome.run.err.find("127.0.0.1:1"), std::string::npos) << outcome.run.err;
}

TEST(Start, ARootImageUnderRunAsNonRootIsGivenUpOn) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  // A template that relies on the image's user, as many do: no runAsUser/runAsGroup.
  Template no_user(ns.name(), {{"        runAsUser: 65532\n", ""}, {"        runAsGroup: 65532\n", ""}});
  Outcome outcome = RunWithRollback(ns, {"--manifest", no_user.path(), "--image", kRootImage});
  ExpectNotStarted(ns, outcome, "CreateContainerConfigError: container has runAsNonRoot and image will run as root");
}

TEST(Start, AServiceAccountThatDoesNotExistIsGivenUpOnWithTheJobControllersReason) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  // No pod is ever created, so only the Job's FailedCreate events say why.
  Outcome outcome = RunWithRollback(ns, {"--service-account", "migrator"});
  std::string reason = "FailedCreate: pods \"" + kube::StringAt(outcome.report, {"job"}) +
                       "-\" is forbidden: error looking up service account " + ns.name() +
                       "/migrator: serviceaccount \"migrator\" not found";
  ExpectNotStarted(ns, outcome, reason + " (still there after 15s)");
  // Shown as it came, before the grace ran out.
  EXPECT_NE(outcome.run.err.find("warning: job/" + kube::StringAt(outcome.report, {"job"}) + ": " +
                                 reason + "\n"),
            std::string::npos)
      << outcome.run.err;
}

TEST(Start, ARoleWithoutEventsStillEndsAtTheStartTimeoutAndSaysWhereTheReasonIs) {
  TestNamespace ns;
  ns.DeployYomuApiTwice();
  // The Role of an earlier release: manifests/rbac.yaml without its events rule.
  std::string role = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/rbac.yaml");
  std::string rule = "- apiGroups: [\"\"]\n  resources: [events]\n  verbs: [list, watch]\n";
  ASSERT_NE(role.find(rule), std::string::npos) << "manifests/rbac.yaml changed: update this test";
  role.erase(role.find(rule), rule.size());
  AdminApply(ns.name(), role);
  Outcome outcome = RunWithRollback(ns, {"--service-account", "migrator", "--start-timeout", "5s"});
  ExpectNotStarted(
      ns, outcome,
      "no pod started within --start-timeout 5s: no pod was created, and why is in the job's "
      "events, which could not be read (");
  EXPECT_NE(outcome.run.err.find("cannot list resource \"events\""), std::string::npos)
      << outcome.run.err;
}

// An attempt fails retryably (exit 5) and the Job controller cannot create its retry: a
// ResourceQuota on the pods the namespace holds, failed ones included. `run` gives up
// after the FailedCreate grace with the controller's reason instead of waiting out
// --timeout, calls it a failure (the attempt ran: it may have committed), and stops the Job
// so that no retry runs later, after a rollback.
TEST(Start, ARetryThatCannotBeCreatedFailsTheRunWithTheControllersReason) {
  TestNamespace ns;
  AdminApply(ns.name(),
             "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: one-pod\nspec:\n  hard:\n"
             "    count/pods: \"1\"\n");
  // Admission refuses every pod until the quota controller has counted what the namespace holds.
  ASSERT_TRUE(PollUntil(
      [&] {
        return AdminOk({"-n", ns.name(), "get", "resourcequota", "one-pod", "-o",
                        "jsonpath={.status.hard}"}) != "";
      },
      seconds(30)));
  RunResult run = km::testing::Run(
      ns.Km({"run", "--app", "yomu-api", "--timeout", "200s", "-o", "json", "--image", kShellImage,
             "--", "sh", "-c", "echo unreachable; exit 5"}),
      {}, seconds(240));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  kube::JsonDoc report = Json(run.out);
  std::string job = kube::StringAt(report, {"job"});
  EXPECT_EQ(kube::StringAt(report, {"outcome"}), "failed") << run.out;
  ASSERT_TRUE(report.HasMember("attempts") && report["attempts"].Size() == 1u) << run.out;
  EXPECT_EQ(kube::IntAt(report["attempts"][0], {"exit_code"}), 5) << run.out;
  std::string reason = "FailedCreate: pods \"" + job + "-\" is forbidden: exceeded quota: one-pod";
  EXPECT_TRUE(kube::StringAt(report, {"retry_not_started"}).starts_with(reason)) << run.out;
  EXPECT_NE(kube::StringAt(report, {"retry_not_started"}).find("(still there after 15s)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("kubectl-migrate: error: job/" + job +
                         " failed (its retry never started: " + reason),
            std::string::npos)
      << run.err;
  // Shown as it came, once (each try draws a new pod name), and the Job stopped: the
  // controller makes no retry once the quota frees.
  const std::string warning = "warning: job/" + job + ": " + reason;
  size_t first = run.err.find(warning);
  EXPECT_NE(first, std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(warning, first + 1), std::string::npos) << run.err;
  EXPECT_TRUE(kube::TrueAt(report, {"job_stopped"})) << run.out;
  EXPECT_EQ(
      AdminOk({"-n", ns.name(), "get", "job", job, "-o", "jsonpath={.spec.activeDeadlineSeconds}"}),
      "1");
}

}  // namespace
}  // namespace km::testing
