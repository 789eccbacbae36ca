#include "git/test_repo.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace km::git::testing {
namespace {

std::vector<std::string> NeutralEnvironment() {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string variable = *entry;
    if (!variable.starts_with("GIT_")) env.push_back(variable);
  }
  env.insert(env.end(), {"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
                         "GIT_AUTHOR_NAME=km test", "GIT_AUTHOR_EMAIL=km@example.com",
                         "GIT_COMMITTER_NAME=km test", "GIT_COMMITTER_EMAIL=km@example.com"});
  return env;
}

std::string Describe(const std::vector<std::string>& args) {
  std::string text = "git";
  for (const std::string& arg : args) text += " " + arg;
  return text;
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/km-git-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory from " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string RunGit(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv_text = {"git", "-C", dir};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text = NeutralEnvironment();
  std::vector<char*> env;
  for (std::string& variable : env_text) env.push_back(variable.data());
  env.push_back(nullptr);

  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe() failed for " + Describe(args));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error(
        "cannot run the git CLI (is git on PATH?): these tests build real "
        "repositories with it");
  }
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) output.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(Describe(args) + " in " + dir + " failed:\n" + output);
  }
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

TestRepo::TestRepo(std::string dir) : dir_(std::move(dir)) {
  Git({"init", "--quiet", "-b", "main"});
}

void TestRepo::Write(const std::string& path, const std::string& content) const {
  std::filesystem::path full = std::filesystem::path(dir_) / path;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary) << content;
}

void TestRepo::Remove(const std::string& path) const {
  std::filesystem::remove(std::filesystem::path(dir_) / path);
}

std::string TestRepo::Commit(const std::string& message) const {
  Git({"add", "-A"});
  Git({"commit", "--quiet", "--allow-empty", "-m", message});
  return Git({"rev-parse", "HEAD"});
}

std::string JournalJson(const std::vector<std::string>& tags) {
  std::string json = R"({"version":"7","dialect":"postgresql","entries":[)";
  for (size_t idx = 0; idx < tags.size(); ++idx) {
    if (idx > 0) json += ",";
    json += R"({"idx":)" + std::to_string(idx) + R"(,"version":"7","when":)" +
            std::to_string(1700000000000 + idx) + R"(,"tag":")" + tags[idx] +
            R"(","breakpoints":true})";
  }
  return json + "]}";
}

}  // namespace km::git::testing
