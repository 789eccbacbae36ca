#pragma once

// Test support: real git repositories built with the `git` CLI in
// temporary directories. A failing git command throws with its output, so
// the test fails with a message that says what git printed.

#include <string>
#include <vector>

namespace km::git::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `git <args>` in `dir` with a neutral configuration (no user or
// system config, fixed identity) and returns its stdout without the
// trailing newline. Throws std::runtime_error when git fails or is missing.
std::string RunGit(const std::string& dir, const std::vector<std::string>& args);

// A work tree with branch `main`, written to and committed through git.
class TestRepo {
 public:
  explicit TestRepo(std::string dir);  // runs `git init -b main`
  const std::string& dir() const { return dir_; }

  std::string Git(const std::vector<std::string>& args) const { return RunGit(dir_, args); }
  void Write(const std::string& path, const std::string& content) const;
  void Remove(const std::string& path) const;
  // `git add -A` and `git commit`; returns the new commit's full id.
  std::string Commit(const std::string& message) const;

 private:
  std::string dir_;
};

// A journal with one entry per tag, idx 0.., when 1700000000000 + idx.
std::string JournalJson(const std::vector<std::string>& tags);

}  // namespace km::git::testing
