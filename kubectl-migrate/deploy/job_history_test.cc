#include "deploy/job_history.h"

#include <gtest/gtest.h>

#include <sstream>

namespace km::deploy {
namespace {

kube::JsonDoc Parse(const std::string& text) {
  auto doc = kube::ParseJson(text, "job");
  EXPECT_TRUE(doc) << doc.error().message;
  return std::move(doc).value();
}

constexpr int64_t kNow = 1735787045000;  // 2025-01-02T03:04:05Z

TEST(ReadMigrationJob, FailedJobWithItsRecordAndDuration) {
  MigrationJob job = ReadMigrationJob(
      Parse(
          R"({"metadata":{"name":"yomu-migrate-1","creationTimestamp":"2025-01-02T03:00:00Z",)"
          R"("labels":{"kubectl-migrate/app":"yomu"},"annotations":{"kubectl-migrate/commit":"abc",)"
          R"("kubectl-migrate/schema-version":"0002_b","kubectl-migrate/triggered-by":"ana"}},)"
          R"("status":{"startTime":"2025-01-02T03:00:01Z","failed":4,"conditions":[)"
          R"({"type":"FailureTarget","status":"True","lastTransitionTime":"2025-01-02T03:01:01Z"},)"
          R"({"type":"Failed","status":"True","reason":"BackoffLimitExceeded",)"
          R"("lastTransitionTime":"2025-01-02T03:01:02Z"}]}})"),
      kNow);
  EXPECT_EQ(job.outcome, "failed");
  EXPECT_EQ(job.status.reason, "BackoffLimitExceeded");
  EXPECT_EQ(job.duration_ms, 60000);
  EXPECT_EQ(job.age_ms, 245000);
  EXPECT_EQ(job.app, "yomu");
  EXPECT_EQ(job.commit, "abc");
  EXPECT_EQ(job.schema_version, "0002_b");
  EXPECT_EQ(job.triggered_by, "ana");
}

TEST(ReadMigrationJob, RunningJobLastsUntilNow) {
  MigrationJob job = ReadMigrationJob(
      Parse(R"({"metadata":{"name":"j","creationTimestamp":"2025-01-02T03:04:00Z"},)"
            R"("status":{"startTime":"2025-01-02T03:04:01Z","active":1}})"),
      kNow);
  EXPECT_EQ(job.outcome, "running");
  EXPECT_EQ(job.duration_ms, 4000);
}

TEST(PrintMigrationJobs, TableAndTheRunningOne) {
  MigrationJob done;
  done.name = "a-migrate-2";
  done.outcome = "succeeded";
  done.duration_ms = 3000;
  done.age_ms = 600000;
  MigrationJob running;
  running.name = "a-migrate-3";
  running.outcome = "running";
  running.status.active = 1;
  std::ostringstream out;
  PrintMigrationJobs({running, done}, "yomu", out);
  EXPECT_NE(out.str().find("a-migrate-2  succeeded  3s        10m"), std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("Running: job/a-migrate-3 running (1 active, 0 failed)"),
            std::string::npos)
      << out.str();
  EXPECT_EQ(
      MigrationJobsJson({running}, "yomu").find(R"({"namespace":"yomu","running":"a-migrate-3")"),
      0u);
}

TEST(PrintMigrationJobs, LongSchemaVersionsKeepTheirOwnColumn) {
  MigrationJob job;
  job.name = "a-migrate-1";
  job.outcome = "succeeded";
  job.schema_version = "20261124140000_backfill_bookmark_titles";
  job.triggered_by = "root";
  std::ostringstream out;
  PrintMigrationJobs({job}, "yomu", out);
  EXPECT_NE(out.str().find("20261124140000_backfill_bookmark_titles  root"), std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace km::deploy
