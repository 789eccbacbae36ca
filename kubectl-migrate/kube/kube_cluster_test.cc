// Runs km::kube against a real kube-apiserver: KM_TEST_KUBECONFIG names a kubeconfig
// for a cluster with the deployment and replicaset controllers running. Jobs here
// carry spec.managedBy, so the built-in Job controller leaves them to the test,
// which writes their status the way the controller would.
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "kube/job.h"
#include "kube/job_waiter.h"
#include "kube/pod_logs.h"
#include "kube/rollout.h"

namespace km::kube {
namespace {

class Cluster : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* path = std::getenv("KM_TEST_KUBECONFIG");
    ASSERT_NE(path, nullptr) << "set KM_TEST_KUBECONFIG to the kubeconfig of a test cluster";
    ConfigFlags flags;
    flags.kubeconfig = path;
    auto config = LoadRestConfig(flags, ConfigEnv{});
    ASSERT_TRUE(config) << config.error().message;
    client_ = std::make_unique<Client>(std::move(config).value());
    ns_ = "km-kube-" + std::to_string(std::time(nullptr)) + "-" +
          std::to_string(::testing::UnitTest::GetInstance()->random_seed() % 100000) + "-" +
          std::to_string(counter_++);
    auto created = client_->Post(
        "/api/v1/namespaces",
        R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns_ + R"("}})");
    ASSERT_TRUE(created) << created.error().message;
  }
  void TearDown() override {
    if (client_) (void)client_->Delete("/api/v1/namespaces/" + ns_);
  }

  static JsonDoc ManagedJob(const std::string& name) {
    auto job = ParseJson(R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":")" + name +
                             R"("},"spec":{"managedBy":"kubectl-migrate.test/none","template":)"
                             R"({"spec":{"restartPolicy":"Never","containers":)"
                             R"([{"name":"m","image":"runner:1"}]}}}})",
                         "job");
    EXPECT_TRUE(job);
    return std::move(job).value();
  }

  JsonDoc CreateManagedJob(const std::string& name) {
    auto created = CreateJob(*client_, ns_, ManagedJob(name));
    EXPECT_TRUE(created) << created.error().message;
    return std::move(created).value();
  }

  // A pod of `job` (by its controller-uid label) that is created and then marked Failed
  // without running: what the log streamer sees of one failed attempt.
  void CreateFailedPod(const JsonDoc& job, const std::string& pod) {
    std::string name = StringAt(job, {"metadata", "name"});
    auto created = client_->Post(
        CorePath(ns_, "pods"),
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + pod +
            R"(","labels":{"batch.kubernetes.io/controller-uid":")" +
            StringAt(job, {"metadata", "uid"}) + R"(","batch.kubernetes.io/job-name":")" + name +
            R"("}},)"
            R"("spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"runner:1"}]}})");
    ASSERT_TRUE(created) << created.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto failed =
        client_->Patch(CorePath(ns_, "pods") + "/" + pod + "/status",
                       R"({"status":{"phase":"Failed"}})", "application/merge-patch+json");
    ASSERT_TRUE(failed) << failed.error().message;
  }

  void SetConditions(const std::string& name, const std::string& conditions) {
    auto patched = client_->Patch(
        JobsPath(ns_) + "/" + name + "/status",
        R"({"status":{"startTime":"2024-01-01T00:00:00Z","failed":1,"conditions":[)" + conditions +
            "]}}",
        "application/merge-patch+json");
    ASSERT_TRUE(patched) << patched.error().message;
  }

  static inline int counter_ = 0;
  std::unique_ptr<Client> client_;
  std::string ns_;
};

constexpr const char* kFailureTarget =
    R"({"type":"FailureTarget","status":"True","reason":"BackoffLimitExceeded","message":"limit",)"
    R"("lastProbeTime":"2024-01-01T00:00:01Z","lastTransitionTime":"2024-01-01T00:00:01Z"})";
constexpr const char* kFailed =
    R"({"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"limit",)"
    R"("lastProbeTime":"2024-01-01T00:00:02Z","lastTransitionTime":"2024-01-01T00:00:02Z"})";

TEST_F(Cluster, GetOfAMissingJobIsNotFound) {
  auto job = GetJob(*client_, ns_, "nope");
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_FALSE(job->has_value());
  auto raw = client_->Get(JobsPath(ns_) + "/nope");
  ASSERT_FALSE(raw);
  EXPECT_TRUE(raw.error().IsNotFound());
  EXPECT_EQ(raw.error().reason, "NotFound");
  EXPECT_EQ(raw.error().message, "jobs.batch \"nope\" not found");
}

TEST_F(Cluster, CreatingAJobTwiceIsAlreadyExists) {
  CreateManagedJob("twice");
  auto again = CreateJob(*client_, ns_, ManagedJob("twice"));
  ASSERT_FALSE(again);
  EXPECT_TRUE(again.error().IsAlreadyExists()) << again.error().message;
  EXPECT_EQ(again.error().message,
            "creating job/twice in namespace " + ns_ + ": jobs.batch \"twice\" already exists");
}

TEST_F(Cluster, WaitReportsFailedAsSoonAsTheJobFails) {
  CreateManagedJob("fails");
  std::thread controller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    SetConditions("fails", std::string(kFailureTarget) + "," + kFailed);
  });
  std::vector<JobStatus> seen;
  WaitOptions options;
  options.on_status = [&](const JobStatus& status, const std::string&) { seen.push_back(status); };
  auto start = SteadyClock::now();
  auto result = WaitForJob(*client_, ns_, "fails", options,
                           Stop{nullptr, SteadyClock::now() + std::chrono::seconds(60)});
  controller.join();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->outcome, WaitOutcome::kFailed);
  EXPECT_TRUE(result->status.finished);
  EXPECT_EQ(result->status.reason, "BackoffLimitExceeded");
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(10));
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.front().outcome, JobOutcome::kRunning);
}

TEST_F(Cluster, WaitReturnsEarlyOnFailureTargetWhenAsked) {
  CreateManagedJob("early");
  SetConditions("early", kFailureTarget);
  WaitOptions options;
  options.return_early = true;
  auto result = WaitForJob(*client_, ns_, "early", options,
                           Stop{nullptr, SteadyClock::now() + std::chrono::seconds(30)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->outcome, WaitOutcome::kFailed);
  EXPECT_FALSE(result->status.finished);
}

TEST_F(Cluster, WaitTimesOutOnARunningJob) {
  CreateManagedJob("slow");
  auto start = SteadyClock::now();
  auto result = WaitForJob(*client_, ns_, "slow", WaitOptions{},
                           Stop{nullptr, SteadyClock::now() + std::chrono::seconds(2)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->outcome, WaitOutcome::kTimedOut);
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(5));
}

TEST_F(Cluster, WaitSeesADeletedJob) {
  CreateManagedJob("gone");
  std::thread deleter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ASSERT_TRUE(DeleteJob(*client_, ns_, "gone"));
  });
  auto result = WaitForJob(*client_, ns_, "gone", WaitOptions{},
                           Stop{nullptr, SteadyClock::now() + std::chrono::seconds(30)});
  deleter.join();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->outcome, WaitOutcome::kDeleted);
}

TEST_F(Cluster, WaitForAJobThatNeverExistedIsDeleted) {
  auto result = WaitForJob(*client_, ns_, "never", WaitOptions{},
                           Stop{nullptr, SteadyClock::now() + std::chrono::seconds(30)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->outcome, WaitOutcome::kDeleted);
}

// Without a kubelet no container ever starts: the streamer must find the Job's pods
// by its selector, keep retrying their logs, and let go once they terminate.
TEST_F(Cluster, LogStreamerFindsEveryAttemptAndStopsWhenTheyTerminate) {
  JsonDoc job = CreateManagedJob("logs");
  JobLogStreamer streamer(*client_, job, [](const LogLine&) {});
  ASSERT_TRUE(streamer.Start());
  for (std::string pod : {"logs-a", "logs-b"}) CreateFailedPod(job, pod);
  auto start = SteadyClock::now();
  streamer.Finish(std::chrono::seconds(20));
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(streamer.pods(), (std::vector<std::string>{"logs-a", "logs-b"}));
  EXPECT_FALSE(streamer.error().has_value());
}

// The Job's watch can say "failed, 2 pods" before the pod watch has shown the second pod
// (seen once in a full test run: the second attempt's log was missing from `run`). Given
// the Job's count, Finish waits for that pod too, instead of stopping once the pods it
// knows have ended.
TEST_F(Cluster, LogStreamerFinishWaitsForEveryPodTheJobCounts) {
  JsonDoc job = CreateManagedJob("lag");
  JobLogStreamer streamer(*client_, job, [](const LogLine&) {});
  ASSERT_TRUE(streamer.Start());
  CreateFailedPod(job, "lag-a");
  for (int i = 0; i < 100 && streamer.pods().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(streamer.pods(), (std::vector<std::string>{"lag-a"}));
  std::thread second([&] {
    std::this_thread::sleep_for(std::chrono::seconds(1));  // the pod watch's lag
    CreateFailedPod(job, "lag-b");
  });
  streamer.Finish(std::chrono::seconds(20), 2);
  second.join();
  EXPECT_EQ(streamer.pods(), (std::vector<std::string>{"lag-a", "lag-b"}));
  EXPECT_FALSE(streamer.error().has_value());
}

// Waits until the Deployment's controller has recorded `revision` on it.
void WaitForRevision(Client& client, const std::string& path, const std::string& revision) {
  for (int i = 0; i < 100; ++i) {
    auto deployment = client.Get(path);
    ASSERT_TRUE(deployment) << deployment.error().message;
    if (StringAt(*deployment, {"metadata", "annotations", "deployment.kubernetes.io/revision"}) ==
        revision) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL() << "revision " << revision << " never appeared on " << path;
}

TEST_F(Cluster, UndoRolloutRestoresThePreviousTemplate) {
  std::string path = GroupPath("apps/v1", ns_, "deployments") + "/api";
  auto created = client_->Post(
      GroupPath("apps/v1", ns_, "deployments"),
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"},)"
      R"("spec":{"replicas":1,"selector":{"matchLabels":{"app":"api"}},"template":)"
      R"({"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"api","image":"api:1"}]}}}})");
  ASSERT_TRUE(created) << created.error().message;
  WaitForRevision(*client_, path, "1");

  auto no_history = UndoRollout(*client_, ns_, "api");
  ASSERT_FALSE(no_history);
  EXPECT_NE(no_history.error().message.find("no rollout history found for deployment \"api\""),
            std::string::npos);

  auto updated = client_->Patch(
      path, R"({"spec":{"template":{"spec":{"containers":[{"name":"api","image":"api:2"}]}}}})",
      "application/strategic-merge-patch+json");
  ASSERT_TRUE(updated) << updated.error().message;
  WaitForRevision(*client_, path, "2");

  auto undone = UndoRollout(*client_, ns_, "api");
  ASSERT_TRUE(undone) << undone.error().message;
  EXPECT_EQ(*undone, "deployment.apps/api rolled back");
  auto after = client_->Get(path);
  ASSERT_TRUE(after);
  const JsonValue* containers = Find(*after, {"spec", "template", "spec", "containers"});
  ASSERT_NE(containers, nullptr);
  EXPECT_EQ(StringAt((*containers)[0], {"image"}), "api:1");
  WaitForRevision(*client_, path, "3");  // the controller turns revision 1 into 3

  auto to_two = UndoRollout(*client_, ns_, "api", 2);
  ASSERT_TRUE(to_two) << to_two.error().message;
  EXPECT_EQ(*to_two, "deployment.apps/api rolled back");
  WaitForRevision(*client_, path, "4");
  auto same = UndoRollout(*client_, ns_, "api", 4);
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(*same,
            "deployment.apps/api skipped rollback (current template already matches revision 4)");
}

}  // namespace
}  // namespace km::kube
