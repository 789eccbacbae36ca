#include "records/run_record.h"

#include <gtest/gtest.h>

#include "records/store.h"

namespace km::records {
namespace {

RunRecord Record(const std::string& job, bool succeeded = false) {
  RunRecord record;
  record.job = job;
  record.app = "yomu";
  record.namespace_ = "yomu";
  record.outcome = succeeded ? "succeeded" : "failed";
  record.succeeded = succeeded;
  record.exit_code = succeeded ? 0 : 8;
  record.reason = succeeded ? "" : "PodFailurePolicy";
  record.detail = "failed (1 failed)";
  record.started_at = "2026-12-01T17:00:00.000Z";
  record.finished_at = "2026-12-01T17:00:03.000Z";
  record.duration_ms = 3000;
  record.attempts = {{"pod-a", "Failed", 1, "2026-12-01T17:00:01Z", "2026-12-01T17:00:02Z"}};
  record.runner_summary = R"({"event":"summary","success":false,"applied":0})";
  record.runner_error = "migration 0000_m0 failed at statement 1 of 1: ERROR 22012: division by zero";
  record.committed = {"0000_a"};
  record.rollbacks = {{"yomu-api", "unchanged", "deployment/yomu-api unchanged"}};
  record.log_pod = "pod-a";
  record.log_tail = {"line 1", "line 2"};
  return record;
}

TEST(RunRecordBounds, TailKeepsTheLastFiftyLines) {
  RunRecord record = Record("job-1");
  record.log_tail.clear();
  for (int i = 0; i < 120; ++i) record.log_tail.push_back("line " + std::to_string(i));
  RunRecord bounded = Bounded(record);
  ASSERT_EQ(bounded.log_tail.size(), kMaxTailLines);
  EXPECT_EQ(bounded.log_tail.front(), "line 70");
  EXPECT_EQ(bounded.log_tail.back(), "line 119");
  EXPECT_TRUE(bounded.log_truncated);
}

TEST(RunRecordBounds, TailKeepsTheLastBytesAndTheEndOfALongLine) {
  RunRecord record = Record("job-1");
  record.log_tail = {std::string(5000, 'a'), std::string(5000, 'b'), std::string(5000, 'c'),
                     std::string(5000, 'd'), std::string(9000, 'e') + "the error"};
  RunRecord bounded = Bounded(record);
  size_t bytes = 0;
  for (const std::string& line : bounded.log_tail) bytes += line.size() + 1;
  EXPECT_LE(bytes, kMaxTailBytes);
  // Each line keeps its last kMaxTextBytes; three of them fit, the newest.
  ASSERT_EQ(bounded.log_tail.size(), 3u);
  EXPECT_EQ(bounded.log_tail.front().size(), kMaxTextBytes);
  EXPECT_TRUE(bounded.log_tail.front().ends_with("ccc"));
  EXPECT_TRUE(bounded.log_tail.back().ends_with("ethe error")) << bounded.log_tail.back().substr(0, 20);
  EXPECT_TRUE(bounded.log_tail.back().starts_with("\u2026 "));
  EXPECT_TRUE(bounded.log_truncated);
}

TEST(RunRecordBounds, NoPasswordAndValidUtf8) {
  RunRecord record = Record("job-1");
  record.log_tail = {"connecting to postgres://app:s3cret@db:5432/yomu failed", "host=db password=hunter2 x",
                     std::string("bad \xff\xfe bytes")};
  record.detail = "could not reach postgresql://u:pw@db/x";
  RunRecord bounded = Bounded(record);
  std::string all = RecordJson(bounded);
  EXPECT_EQ(all.find("s3cret"), std::string::npos) << all;
  EXPECT_EQ(all.find("hunter2"), std::string::npos) << all;
  EXPECT_EQ(all.find(":pw@"), std::string::npos) << all;
  EXPECT_NE(all.find("postgres://app:***@db:5432/yomu failed"), std::string::npos) << all;
  EXPECT_EQ(bounded.log_tail[2], "bad \uFFFD\uFFFD bytes");
}

TEST(RunRecordBounds, OversizedTextsAreCutAndAnOversizedSummaryDropped) {
  RunRecord record = Record("job-1");
  record.detail = std::string(10000, 'd');
  record.runner_summary = R"({"event":"summary","error":")" + std::string(10000, 'e') + "\"}";
  for (int i = 0; i < 30; ++i) record.attempts.push_back({"pod-" + std::to_string(i), "Failed", 5, "", ""});
  RunRecord bounded = Bounded(record);
  EXPECT_LE(bounded.detail.size(), kMaxTextBytes);
  EXPECT_TRUE(bounded.runner_summary.empty());
  EXPECT_EQ(bounded.attempts.size(), kMaxAttempts);
  EXPECT_EQ(bounded.attempts.back().pod, "pod-29");
  EXPECT_EQ(bounded.attempts_total, 31u);
}

TEST(RunRecordHistory, KeepsTheNewestAndReplacesTheSameJob) {
  std::vector<RunRecord> history;
  for (int i = 0; i < 21; ++i) history = AddRecord(history, Record("job-" + std::to_string(i)), 20);
  ASSERT_EQ(history.size(), 20u);
  EXPECT_EQ(history.front().job, "job-20");
  EXPECT_EQ(history.back().job, "job-1");
  history = AddRecord(history, Record("job-5", true), 20);
  EXPECT_EQ(history.size(), 20u);
  EXPECT_EQ(history.front().job, "job-5");
  EXPECT_TRUE(history.front().succeeded);
}

TEST(RunRecordHistory, TheLargestHistoryFitsAConfigMap) {
  RunRecord big = Record("job");
  big.detail = big.runner_error = std::string(5000, 'x');
  for (int i = 0; i < 200; ++i) big.log_tail.push_back(std::string(3000, 'l'));
  for (int i = 0; i < 200; ++i) big.committed.push_back(std::string(300, 't'));
  for (int i = 0; i < 50; ++i) big.attempts.push_back({std::string(300, 'p'), "Failed", 1, "", ""});
  for (int i = 0; i < 50; ++i) big.rollbacks.push_back({"d", "error", std::string(5000, 'm')});
  std::vector<RunRecord> history;
  for (int i = 0; i < 100; ++i) {
    big.job = "job-" + std::to_string(i);
    history = AddRecord(history, big, 100);
  }
  EXPECT_LE(HistoryJson(history).size(), kMaxHistoryBytes);
  EXPECT_LT(HistoryJson(history).size() + 4096, size_t{1} << 20);
  EXPECT_EQ(history.front().job, "job-99");
}

TEST(RunRecordHistory, RoundTrips) {
  std::vector<RunRecord> history = AddRecord({}, Record("job-1"), 20);
  history = AddRecord(history, Record("job-2", true), 20);
  auto parsed = ParseHistory(HistoryJson(history), "here");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(HistoryJson(*parsed), HistoryJson(history));
  const RunRecord& failed = (*parsed)[1];
  EXPECT_EQ(failed.job, "job-1");
  EXPECT_EQ(failed.exit_code, 8);
  ASSERT_EQ(failed.attempts.size(), 1u);
  EXPECT_EQ(failed.attempts[0].exit_code, 1);
  EXPECT_EQ(failed.log_tail, (std::vector<std::string>{"line 1", "line 2"}));
  EXPECT_EQ(failed.runner_summary, R"({"event":"summary","success":false,"applied":0})");
}

// From fuzzing: a 163-digit number in the runner's summary (anyone who may edit the ConfigMap
// writes it). rapidjson's default parse may round such a number one unit off, so writing the
// history back and reading it again gave another number each time. Numbers are now read
// exactly (util/json_numbers), so what was written reads back.
TEST(RunRecordHistory, ALongNumberInTheSummaryReadsBackUnchangedFromFuzzing) {
  RunRecord record = Record("job-1");
  record.runner_summary = R"({"event":"summary","d":400004000000000000000)" +
                          std::string(106, '2') + R"(00000000000018101398300392964024.180})";
  auto once = ParseHistory(HistoryJson({record}), "here");
  ASSERT_TRUE(once) << once.error().message;
  auto again = ParseHistory(HistoryJson(*once), "again");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(HistoryJson(*again), HistoryJson(*once));
}

TEST(RunRecordHistory, ACorruptedHistoryIsOneClearError) {
  const char* cases[][2] = {
      {"", "invalid JSON at offset 0"},
      {"{\"version\":1,\"runs\":[", "invalid JSON"},
      {"[]", "not a JSON object"},
      {"{\"runs\":[]}", "no \"version\""},
      {"{\"version\":2,\"runs\":[]}", "version 2"},
      {"{\"version\":1,\"runs\":{}}", "\"runs\" is not an array"},
      {"{\"version\":1,\"runs\":[7]}", "runs[0]: not an object"},
      {"{\"version\":1,\"runs\":[{\"job\":5}]}", "runs[0]: \"job\" is not a string"},
      {"{\"version\":1,\"runs\":[{\"job\":\"j\",\"log_tail\":[1]}]}",
       "\"log_tail\" is not an array of strings"},
      {"{\"version\":1,\"runs\":[{\"job\":\"j\",\"attempts\":[{\"exit_code\":\"x\"}]}]}",
       "\"attempts\" is not objects whose \"exit_code\" is not an integer"},
      {"{\"version\":1,\"runs\":[{}]}", "\"job\" is not a job name"},
      {"{\"version\":1,\"runs\":[{\"job\":\"j\",\"runner\":{\"d\":2e308}}]}",
       "a number beyond a double's range at offset 46"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseHistory(c[0], "configmap/kubectl-migrate-runs-yomu key runs.json");
    ASSERT_FALSE(parsed) << c[0];
    EXPECT_EQ(parsed.error().code, ExitCode::kValidation);
    EXPECT_TRUE(parsed.error().message.starts_with(
        "configmap/kubectl-migrate-runs-yomu key runs.json: not a run history kubectl-migrate wrote: "))
        << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(c[1]), std::string::npos) << parsed.error().message;
  }
  EXPECT_FALSE(ParseHistory(std::string(100000, '['), "x"));
}

TEST(RunRecordHistory, SelectsTheLastTheLastFailedOrANamedJob) {
  std::vector<RunRecord> history = AddRecord({}, Record("job-1"), 20);
  history = AddRecord(history, Record("job-2", true), 20);
  auto select = [&](bool failed_only, const std::string& job) {
    Selector selector;
    selector.failed_only = failed_only;
    selector.job = job;
    return Select(history, selector);
  };
  EXPECT_EQ(select(false, "")->job, "job-2");
  EXPECT_EQ(select(true, "")->job, "job-1");
  EXPECT_EQ(select(false, "job-1")->job, "job-1");
  EXPECT_EQ(select(true, "job-2"), nullptr);
  EXPECT_EQ(Select({}, Selector{}), nullptr);
}

TEST(RunRecordStore, ConfigMapNamesAreDnsNamesOfTheirOwn) {
  EXPECT_EQ(ConfigMapName("yomu"), "kubectl-migrate-runs-yomu");
  EXPECT_EQ(ConfigMapName("yomu-api"), "kubectl-migrate-runs-yomu-api");
  std::string other = ConfigMapName("Other_App");
  EXPECT_TRUE(other.starts_with("kubectl-migrate-runs-other-app-")) << other;
  EXPECT_NE(other, ConfigMapName("other_app"));
  EXPECT_LE(ConfigMapName(std::string(400, 'a')).size(), 253u);
  EXPECT_NE(ConfigMapName(std::string(400, 'a')), ConfigMapName(std::string(401, 'a')));
  EXPECT_TRUE(ConfigMapName("_").starts_with("kubectl-migrate-runs-")) << ConfigMapName("_");
}

}  // namespace
}  // namespace km::records
