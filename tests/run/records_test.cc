// Run records (records/, ConfigMap kubectl-migrate-runs-<app>) against the real local
// cluster: they outlive the Job, stay bounded, and a Role without ConfigMaps costs a
// warning, never the run's own outcome.
#include <gtest/gtest.h>

#include <thread>

#include "cluster_env.h"
#include "kube/client.h"
#include "kube/json.h"
#include "kube/kubeconfig.h"
#include "migration_dir.h"
#include "records/store.h"

namespace km::testing {
namespace {

using std::chrono::seconds;

// A failed run whose Job is then deleted: `logs --failed` still shows its exit codes and
// last lines, `logs --job` finds it by name, `status` lists it; a later success is the
// last run, and the failed one stays the last failed run.
TEST(Records, AFailedRunOutlivesItsJob) {
  TestNamespace ns;
  Migrations failing({"SELECT 1;", "SELECT 1/0;"});
  RunResult run = km::testing::Run(
      ns.Km({"run", "--app", "yomu-api", "--migrations", failing.path(), "--commit", "c0ffee", "-o", "json"}), {},
      seconds(300));
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.err.find("warning:"), std::string::npos) << run.err;
  std::string job = kube::StringAt(Json(run.out), {"job"});
  ASSERT_FALSE(job.empty()) << run.out;
  AdminOk({"-n", ns.name(), "delete", "job", job, "--wait=true"});
  EXPECT_EQ(Admin({"-n", ns.name(), "get", "job", job}).exit_code, 1);

  RunResult logs = km::testing::Run(ns.Km({"logs", "--app", "yomu-api", "--failed"}));
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find("job/" + job + " failed, exit 1"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("commit c0ffee"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("runner error: migration 0001_m1 failed at statement 1 of 1"), std::string::npos)
      << logs.out;
  EXPECT_NE(logs.out.find(": pod/" + job), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find(" exited 1\n"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("committed before it ended: 0000_m0"), std::string::npos) << logs.out;
  // The attempt's last lines: the runner's own events, the failure among them.
  EXPECT_NE(logs.out.find("==> pod/" + job), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("\"event\":\"migration_failed\""), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("division by zero"), std::string::npos) << logs.out;

  RunResult json = km::testing::Run(ns.Km({"logs", "--app", "yomu-api", "--job", job, "-o", "json"}));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  kube::JsonDoc record = Json(json.out);
  EXPECT_EQ(kube::StringAt(record, {"outcome"}), "failed");
  EXPECT_EQ(kube::IntAt(record, {"exit_code"}), 1);
  EXPECT_EQ(kube::StringAt(record, {"reason"}), "PodFailurePolicy");
  ASSERT_TRUE(record.HasMember("attempts") && record["attempts"].Size() == 1u) << json.out;
  EXPECT_EQ(kube::IntAt(record["attempts"][0], {"exit_code"}), 1);
  EXPECT_EQ(kube::IntAt(record, {"runner", "applied"}), 1) << json.out;
  ASSERT_TRUE(record.HasMember("log_tail") && record["log_tail"].Size() > 0u) << json.out;

  // The ConfigMap is labelled and has no owner: nothing deletes it with a Job.
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "configmap", "kubectl-migrate-runs-yomu-api", "-o",
                     "jsonpath={.metadata.labels.kubectl-migrate/app}/{.metadata.ownerReferences}"}),
            "yomu-api/");

  RunResult ok = km::testing::Run(
      ns.Km({"run", "--app", "yomu-api", "--image", kShellImage, "--", "sh", "-c", "echo fine"}), {}, seconds(120));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  RunResult last = km::testing::Run(ns.Km({"logs", "--app", "yomu-api"}));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  EXPECT_NE(last.out.find(" succeeded, exit 0"), std::string::npos) << last.out;
  RunResult failed = km::testing::Run(ns.Km({"logs", "--app", "yomu-api", "--failed"}));
  EXPECT_NE(failed.out.find("job/" + job + " failed"), std::string::npos) << failed.out;

  RunResult status = km::testing::Run(ns.Km({"status", "--app", "yomu-api"}));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("Recent runs of app yomu-api"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find(job), std::string::npos) << status.out;
  RunResult status_json = km::testing::Run(ns.Km({"status", "-o", "json"}));
  ASSERT_EQ(status_json.exit_code, 0) << status_json.err;
  kube::JsonDoc view = Json(status_json.out);
  const kube::JsonValue* records = kube::Find(view, {"cluster", "records"});
  ASSERT_TRUE(records != nullptr && records->IsArray() && records->Size() == 1u) << status_json.out;
  EXPECT_EQ(kube::StringAt((*records)[0], {"app"}), "yomu-api");
  EXPECT_EQ((*records)[0]["runs"].Size(), 2u) << status_json.out;
  EXPECT_EQ(kube::StringAt((*records)[0]["runs"][1], {"job"}), job);

  // Nothing recorded: a distinct exit code and one line that says where it looked.
  RunResult none = km::testing::Run(ns.Km({"logs", "--app", "billing"}));
  EXPECT_EQ(none.exit_code, 16) << none.err;
  EXPECT_NE(none.err.find("kubectl-migrate: error: no run recorded for app billing in namespace " + ns.name()),
            std::string::npos)
      << none.err;
  RunResult no_job = km::testing::Run(ns.Km({"logs", "--job", "yomu-api-migrate-20990101000000-zzzzz"}));
  EXPECT_EQ(no_job.exit_code, 16) << no_job.err;
  EXPECT_NE(no_job.err.find("no record of job/yomu-api-migrate-20990101000000-zzzzz for app yomu-api"),
            std::string::npos)
      << no_job.err;
}

// N+1 runs keep the newest N.
TEST(Records, TheHistoryKeepsTheNewestRuns) {
  TestNamespace ns;
  std::vector<std::string> jobs;
  for (int i = 0; i < 3; ++i) {
    RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--keep-records", "2", "-o", "json",
                                            "--image", kShellImage, "--", "sh", "-c",
                                            "echo run " + std::to_string(i) +
                                                "; echo connecting to postgres://app:s3cret@db:5432/yomu"}),
                                     {}, seconds(120));
    ASSERT_EQ(run.exit_code, 0) << run.err;
    jobs.push_back(kube::StringAt(Json(run.out), {"job"}));
  }
  RunResult status = km::testing::Run(ns.Km({"status", "--app", "yomu-api", "-o", "json"}));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  kube::JsonDoc view = Json(status.out);
  const kube::JsonValue* records = kube::Find(view, {"cluster", "records"});
  ASSERT_TRUE(records != nullptr && records->IsArray() && records->Size() == 1u) << status.out;
  const kube::JsonValue& runs = (*records)[0]["runs"];
  ASSERT_EQ(runs.Size(), 2u) << status.out;
  EXPECT_EQ(kube::StringAt(runs[0], {"job"}), jobs[2]);
  EXPECT_EQ(kube::StringAt(runs[1], {"job"}), jobs[1]);
  RunResult oldest = km::testing::Run(ns.Km({"logs", "--app", "yomu-api", "--job", jobs[0]}));
  EXPECT_EQ(oldest.exit_code, 16) << oldest.err;
  RunResult newest = km::testing::Run(ns.Km({"logs", "--app", "yomu-api"}));
  EXPECT_NE(newest.out.find("run 2"), std::string::npos) << newest.out;
  // A password in the log never reaches the ConfigMap.
  EXPECT_NE(newest.out.find("connecting to postgres://app:***@db:5432/yomu"), std::string::npos) << newest.out;
  EXPECT_EQ(AdminOk({"-n", ns.name(), "get", "configmap", "kubectl-migrate-runs-yomu-api", "-o", "yaml"})
                .find("s3cret"),
            std::string::npos);
}

// A Role without ConfigMaps: the record cannot be written, the run says so once and
// still exits with its migration's outcome.
TEST(Records, AForbiddenRecordIsAWarningAndTheRunKeepsItsExitCode) {
  TestNamespace ns;
  std::string role = ReadText(std::string(KM_SOURCE_DIR) + "/manifests/rbac.yaml");
  std::string rule = "resources: [configmaps]\n  verbs: [create, get, patch, delete]";
  ASSERT_NE(role.find(rule), std::string::npos) << "manifests/rbac.yaml changed: update this test";
  role.replace(role.find(rule), rule.size(), "resources: [configmaps]\n  verbs: [delete]");
  AdminApply(ns.name(), role);
  RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api", "-o", "json", "--image", kShellImage, "--",
                                          "sh", "-c", "echo boom; exit 1"}),
                                   {}, seconds(120));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(kube::StringAt(Json(run.out), {"outcome"}), "failed") << run.out;
  EXPECT_NE(run.err.find("warning: the run record was not saved (status and logs will not show this run once job/"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("configmaps \"kubectl-migrate-runs-yomu-api\" is forbidden"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("kubectl-migrate: error: job/"), std::string::npos) << run.err;
  EXPECT_EQ(Admin({"-n", ns.name(), "get", "configmap", "kubectl-migrate-runs-yomu-api"}).exit_code, 1);
  // logs says why it cannot read, as an API error.
  RunResult logs = km::testing::Run(ns.Km({"logs", "--app", "yomu-api"}));
  EXPECT_EQ(logs.exit_code, 7) << logs.err;
  EXPECT_NE(logs.err.find("forbidden"), std::string::npos) << logs.err;
}

// A record ConfigMap someone broke: logs gives one clear line (exit 3), status warns and
// still shows the rest, and the next run starts the history afresh, saying so.
TEST(Records, ABrokenHistoryIsOneClearErrorAndTheNextRunReplacesIt) {
  TestNamespace ns;
  AdminOk({"-n", ns.name(), "create", "configmap", "kubectl-migrate-runs-yomu-api",
           "--from-literal=runs.json={\"version\":1,\"runs\":[{\"job\":42}]}"});
  RunResult logs = km::testing::Run(ns.Km({"logs", "--app", "yomu-api"}));
  EXPECT_EQ(logs.exit_code, 3) << logs.err;
  EXPECT_EQ(logs.err,
            "kubectl-migrate: error: configmap/kubectl-migrate-runs-yomu-api key runs.json: not a run history "
            "kubectl-migrate wrote: runs[0]: \"job\" is not a string\n");
  RunResult status = km::testing::Run(ns.Km({"status", "--app", "yomu-api"}));
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.err.find("warning: run records of app yomu-api: configmap/kubectl-migrate-runs-yomu-api"),
            std::string::npos)
      << status.err;
  RunResult run = km::testing::Run(ns.Km({"run", "--app", "yomu-api", "--image", kShellImage, "--", "sh", "-c",
                                          "echo fine"}),
                                   {}, seconds(120));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("warning: the run history was unreadable and was started afresh"), std::string::npos)
      << run.err;
  RunResult after = km::testing::Run(ns.Km({"logs", "--app", "yomu-api"}));
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find("\nfine\n"), std::string::npos) << after.out;
}

// Runs that end at the same moment: every save reads, adds and writes with a resourceVersion
// precondition, and a conflict reads again, so no record is lost. Eight writers at once as
// `deployer` with exactly manifests/rbac.yaml.
TEST(Records, RunsEndingAtOnceAllKeepTheirRecord) {
  TestNamespace ns;
  kube::ConfigFlags flags;
  flags.kubeconfig = TestCluster().kubeconfig;
  flags.context = "deployer";
  flags.namespace_ = ns.name();
  auto config = kube::LoadRestConfig(flags, kube::ConfigEnv{});
  ASSERT_TRUE(config) << config.error().message;
  kube::Client client(std::move(config).value());
  constexpr int kWriters = 8;
  std::vector<std::string> errors(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      records::RunRecord record;
      record.job = "yomu-api-migrate-20261201000000-w" + std::to_string(i);
      record.app = "yomu-api";
      record.outcome = "succeeded";
      record.succeeded = true;
      auto saved = records::SaveRecord(client, ns.name(), record);
      if (!saved) errors[i] = saved.error().message;
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  auto history = records::ReadHistory(client, ns.name(), "yomu-api");
  ASSERT_TRUE(history) << history.error().message;
  EXPECT_EQ(history->size(), static_cast<size_t>(kWriters));
  for (int i = 0; i < kWriters; ++i) {
    records::Selector selector;
    selector.job = "yomu-api-migrate-20261201000000-w" + std::to_string(i);
    EXPECT_NE(records::Select(*history, selector), nullptr) << selector.job;
  }
}

}  // namespace
}  // namespace km::testing
