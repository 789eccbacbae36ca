// The built `kubectl-migrate lint`: exit codes, formats, usage errors, and
// --base on a real git repository.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "database.h"
#include "git/test_repo.h"
#include "migration_dir.h"
#include "subprocess.h"

namespace km::testing {
namespace {

using git::testing::JournalJson;
using git::testing::TempDir;
using git::testing::TestRepo;

RunResult Lint(std::vector<std::string> args) {
  args.insert(args.begin(), {Binary(), "lint"});
  return Run(args);
}

class LintCliTest : public ::testing::Test {
 protected:
  LintCliTest() {
    dir_.Add("0000_users", 1, {"CREATE TABLE \"users\" (\"id\" uuid PRIMARY KEY, \"email\" text);"});
    dir_.Add("0001_index", 2, {"CREATE INDEX \"users_email_idx\" ON \"users\" (\"email\");"});
  }
  MigrationDir dir_;
};

TEST_F(LintCliTest, AllPendingIsCleanAndExitsZero) {
  RunResult run = Lint({"--dir", dir_.path()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "0 errors, 0 warnings in 2 pending migrations (of 2)\n");
}

TEST_F(LintCliTest, ErrorsExit14WithJsonOnStdout) {
  RunResult run = Lint({"--dir", dir_.path(), "--applied-up-to", "0000_users", "-o", "json"});
  EXPECT_EQ(run.exit_code, 14) << run.err;
  EXPECT_EQ(run.err, "kubectl-migrate: error: lint: 1 error, 0 warnings in 1 pending migration (of 2)\n");
  rapidjson::Document json;
  ASSERT_FALSE(json.Parse(run.out.c_str()).HasParseError()) << run.out;
  ASSERT_EQ(json["findings"].Size(), 1u);
  EXPECT_STREQ(json["findings"][0]["rule"].GetString(), "index-not-concurrent");
  EXPECT_STREQ(json["findings"][0]["tag"].GetString(), "0001_index");
  EXPECT_EQ(json["findings"][0]["line"].GetInt(), 1);
}

TEST_F(LintCliTest, FailOnDecidesTheExitCode) {
  dir_.Add("0002_begin", 3, {"BEGIN;\nSELECT 1;\nCOMMIT;"});
  const std::vector<std::string> only_warnings = {"--dir", dir_.path(), "--applied-up-to", "0001_index"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = only_warnings;
    args.insert(args.end(), extra.begin(), extra.end());
    return Lint(args).exit_code;
  };
  EXPECT_EQ(with({}), 15);
  EXPECT_EQ(with({"--fail-on", "error"}), 0);
  EXPECT_EQ(with({"--fail-on", "none"}), 0);
  EXPECT_EQ(Lint({"--dir", dir_.path(), "--applied-up-to", "0000_users", "--fail-on", "error"}).exit_code, 14);
  EXPECT_EQ(Lint({"--dir", dir_.path(), "--applied-up-to", "0000_users", "--fail-on", "none"}).exit_code, 0);
}

TEST_F(LintCliTest, GithubFormatPrintsAnnotations) {
  RunResult run = Lint({"--dir", dir_.path(), "--applied-up-to", "0000_users", "-o", "github"});
  EXPECT_EQ(run.exit_code, 14);
  EXPECT_EQ(run.out.rfind("::error file=" + dir_.path() + "/0001_index.sql,line=1,title=kubectl-migrate "
                          "lint%3A index-not-concurrent::CREATE INDEX",
                          0),
            0u)
      << run.out;
}

TEST_F(LintCliTest, UsageErrorsExit2) {
  EXPECT_EQ(Lint({"--dir", dir_.path(), "--applied-up-to", "9999_nope"}).exit_code, 2);
  EXPECT_EQ(Lint({"--dir", dir_.path(), "--fail-on", "sometimes"}).exit_code, 2);
  EXPECT_EQ(Lint({"--dir", dir_.path(), "-o", "xml"}).exit_code, 2);
  EXPECT_EQ(Lint({"--dir", dir_.path(), "--base", "HEAD", "--applied-up-to", "0000_users"}).exit_code, 2);
  EXPECT_EQ(Lint({"--dir", dir_.path() + "/missing"}).exit_code, 3);
}

TEST(LintCliRules, ListsEveryRule) {
  RunResult run = Lint({"--rules"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("index-not-concurrent (error)"), std::string::npos);
  EXPECT_NE(run.out.find("rename-column (error)"), std::string::npos);
}

TEST(LintCliBase, LintsOnlyWhatTheRangeAdds) {
  TempDir dir;
  TestRepo repo(dir.path());
  repo.Write("db/migrations/0000_users.sql", "CREATE TABLE users (id uuid, email text);\n");
  repo.Write("db/migrations/meta/_journal.json", JournalJson({"0000_users"}));
  const std::string base = repo.Commit("users");
  repo.Write("db/migrations/0001_posts.sql",
             "CREATE TABLE posts (id uuid, user_id uuid);\n--> statement-breakpoint\n"
             "CREATE INDEX posts_user_idx ON posts (user_id);\n--> statement-breakpoint\n"
             "CREATE INDEX users_email_idx ON users (email);\n");
  repo.Write("db/migrations/meta/_journal.json", JournalJson({"0000_users", "0001_posts"}));
  repo.Commit("posts");

  RunResult run = Lint({"--dir", dir.path() + "/db/migrations", "--base", base, "-o", "json"});
  EXPECT_EQ(run.exit_code, 14) << run.err;
  rapidjson::Document json;
  ASSERT_FALSE(json.Parse(run.out.c_str()).HasParseError()) << run.out;
  ASSERT_EQ(json["findings"].Size(), 1u) << run.out;  // posts is new; users existed at the base
  EXPECT_STREQ(json["findings"][0]["table"].GetString(), "users");
  EXPECT_EQ(json["findings"][0]["statement"].GetInt(), 3);
  EXPECT_FALSE(json["migrations"][0]["pending"].GetBool());
  EXPECT_TRUE(json["migrations"][1]["pending"].GetBool());

  // Nothing added: nothing pending, nothing to say.
  EXPECT_EQ(Lint({"--dir", dir.path() + "/db/migrations", "--base", "HEAD"}).exit_code, 0);
  EXPECT_EQ(Lint({"--dir", dir.path() + "/db/migrations", "--base", "no-such-rev"}).exit_code, 2);
}

}  // namespace
}  // namespace km::testing
