// deploy::RunMigration itself against the local cluster, for what the command line
// cannot steer: a Job name that is already taken.
#include <gtest/gtest.h>

#include "cluster_env.h"
#include "deploy/job_template.h"
#include "deploy/run.h"

namespace km::testing {
namespace {

std::unique_ptr<kube::Client> Deployer(const std::string& ns) {
  kube::ConfigFlags flags;
  flags.kubeconfig = TestCluster().kubeconfig;
  flags.context = "deployer";
  flags.namespace_ = ns;
  auto config = kube::LoadRestConfig(flags, kube::ConfigEnv{});
  EXPECT_TRUE(config) << config.error().message;
  return std::make_unique<kube::Client>(std::move(config).value());
}

TEST(Deploy, NameAlreadyTakenGetsAFreshOne) {
  TestNamespace ns;
  auto job_template = deploy::LoadJobTemplate("");
  ASSERT_TRUE(job_template) << job_template.error().message;
  deploy::JobSettings settings;
  settings.name = "taken";
  settings.namespace_ = ns.name();
  settings.image = kShellImage;
  settings.command = {"sh", "-c", "echo hello"};
  auto job = deploy::BuildJob(*job_template, settings);
  ASSERT_TRUE(job) << job.error().message;
  auto client = Deployer(ns.name());
  // Someone else's Job already has the name.
  ASSERT_TRUE(kube::CreateJob(*client, ns.name(), *job));

  deploy::RunPlan plan;
  plan.namespace_ = ns.name();
  plan.job = kube::CopyJson(*job);
  plan.next_name = [] { return std::string("fresh"); };
  std::vector<std::string> lines;
  deploy::RunCallbacks callbacks;
  callbacks.log = [&](const kube::LogLine& line) { lines.push_back(line.text); };
  auto report = deploy::RunMigration(*client, std::move(plan), callbacks, nullptr);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->job_name, "fresh");
  EXPECT_TRUE(report->succeeded) << report->detail;
  EXPECT_EQ(lines, std::vector<std::string>{"hello"});
}

}  // namespace
}  // namespace km::testing
