// Runs the built `kubectl-migrate changed` on a real repository and checks
// its JSON, its $GITHUB_OUTPUT file and its exit codes.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <stdexcept>

#include "git/test_repo.h"
#include "util/files.h"

extern char** environ;

namespace km::git {
namespace {

using ::testing::HasSubstr;
using testing::JournalJson;
using testing::TempDir;
using testing::TestRepo;

struct BinaryRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadOrThrow(const std::string& path) {
  auto content = ReadFile(path, ExitCode::kInternal);
  if (!content.ok()) throw std::runtime_error(content.error().message);
  return std::move(content).value();
}

// Runs the binary with stdout and stderr sent to files in `scratch`.
BinaryRun RunBinary(const std::string& scratch, std::vector<std::string> args) {
  args.insert(args.begin(), KM_BINARY);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string out_path = scratch + "/stdout", err_path = scratch + "/stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(std::string("cannot run ") + KM_BINARY);
  int status = 0;
  waitpid(pid, &status, 0);
  BinaryRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadOrThrow(out_path);
  run.err = ReadOrThrow(err_path);
  return run;
}

// Base: one applied migration. Head: it is edited, and a second one added.
class ChangedBinaryTest : public ::testing::Test {
 protected:
  ChangedBinaryTest() : repo_(dir_.path()) {
    repo_.Write("migrations/0000_users.sql", "CREATE TABLE users (id serial);\n");
    repo_.Write("migrations/meta/_journal.json", JournalJson({"0000_users"}));
    repo_.Write("src/app.ts", "export {};\n");
    base_ = repo_.Commit("users");
    repo_.Write("migrations/0000_users.sql", "CREATE TABLE users (id bigserial);\n");
    repo_.Write("migrations/0001_sessions.sql", "CREATE TABLE sessions (id serial);\n");
    repo_.Write("migrations/meta/_journal.json", JournalJson({"0000_users", "0001_sessions"}));
    repo_.Write("src/app.ts", "export const x = 1;\n");
    head_ = repo_.Commit("sessions, and an edit to users");
  }

  BinaryRun Changed(std::vector<std::string> extra) {
    std::vector<std::string> args = {"changed", "--repo", dir_.path(), "--base",
                                     base_,     "--head", head_};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBinary(scratch_.path(), args);
  }

  TempDir dir_;
  TempDir scratch_;
  TestRepo repo_;
  std::string base_;
  std::string head_;
};

TEST_F(ChangedBinaryTest, PrintsTheRangeAsJson) {
  BinaryRun run = Changed({"-o", "json"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  rapidjson::Document json;
  ASSERT_FALSE(json.Parse(run.out.c_str()).HasParseError()) << run.out;
  EXPECT_TRUE(json["changed"].GetBool());
  EXPECT_STREQ(json["path"].GetString(), "migrations");
  EXPECT_EQ(json["range"]["from"].GetString(), base_);
  EXPECT_EQ(json["range"]["to"].GetString(), head_);
  EXPECT_STREQ(json["range"]["kind"].GetString(), "direct");

  const auto& files = json["files"].GetArray();
  ASSERT_EQ(files.Size(), 3u) << run.out;
  EXPECT_STREQ(files[0]["path"].GetString(), "migrations/0000_users.sql");
  EXPECT_STREQ(files[0]["status"].GetString(), "modified");
  EXPECT_TRUE(files[0]["modifies_existing"].GetBool());
  EXPECT_STREQ(files[1]["path"].GetString(), "migrations/0001_sessions.sql");
  EXPECT_STREQ(files[1]["status"].GetString(), "added");
  EXPECT_FALSE(files[1]["modifies_existing"].GetBool());
  EXPECT_STREQ(files[2]["path"].GetString(), "migrations/meta/_journal.json");

  ASSERT_EQ(json["added_tags"].Size(), 1u);
  EXPECT_STREQ(json["added_tags"][0].GetString(), "0001_sessions");
  ASSERT_EQ(json["modified_existing"].Size(), 1u);
  EXPECT_STREQ(json["modified_existing"][0]["path"].GetString(), "migrations/0000_users.sql");
  EXPECT_STREQ(json["modified_existing"][0]["edit"].GetString(), "modified");
  EXPECT_THAT(run.err, HasSubstr("warning: migrations/0000_users.sql: modifies an existing "
                                 "migration (modified): it may already be applied"));
}

TEST_F(ChangedBinaryTest, AppendsGithubOutputs) {
  std::string output_file = scratch_.path() + "/github_output";
  BinaryRun run = Changed({"--github-output", output_file});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string content = ReadOrThrow(output_file);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(content, match, std::regex("ghadelimiter_[0-9a-f]{32}")))
      << content;
  const std::string d = match[0].str();
  EXPECT_EQ(content,
            "changed=true\n"
            "files<<" +
                d +
                "\n"
                "migrations/0000_users.sql\n"
                "migrations/0001_sessions.sql\n"
                "migrations/meta/_journal.json\n" +
                d +
                "\n"
                "added_tags<<" +
                d +
                "\n"
                "0001_sessions\n" +
                d +
                "\n"
                "modifies_existing=true\n");
}

TEST_F(ChangedBinaryTest, FailOnModifiedExitsWithValidationAfterPrinting) {
  BinaryRun run = Changed({"--fail-on-modified"});

  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.out, HasSubstr("modified  migrations/0000_users.sql  "
                                 "[modifies an existing migration]"));
  EXPECT_THAT(run.err, HasSubstr("kubectl-migrate: error: changed: 1 edit(s) to migrations that "
                                 "already existed at the base"));
}

TEST_F(ChangedBinaryTest, NothingChangedStillExitsZero) {
  BinaryRun run = RunBinary(scratch_.path(), {"changed", "--repo", dir_.path(), "--base", head_});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("No migration changes."));
}

TEST_F(ChangedBinaryTest, UnknownRevisionExitsWithUsage) {
  BinaryRun run =
      RunBinary(scratch_.path(), {"changed", "--repo", dir_.path(), "--base", "no-such-branch"});

  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("kubectl-migrate: error: changed: repository "));
  EXPECT_THAT(run.err, HasSubstr("--base no-such-branch is not in this clone"));
}

}  // namespace
}  // namespace km::git
