#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace km::testing {

// A child process with stdout and stderr captured, for tests that run the
// real kubectl-migrate binary (exit codes, signals, concurrency).
class Subprocess {
 public:
  // Starts argv[0] (searched in PATH) with the current environment plus `env`
  // (an empty value unsets the variable).
  Subprocess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Reads output until stdout+stderr contain `needle` or the deadline passes.
  bool WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout);
  void Signal(int signal);
  // Waits for exit (killing it after `timeout`), returns the exit code or
  // 128+signal when it was killed by one.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(120));

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  pid_t pid() const { return pid_; }

 private:
  void Pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  bool exited_ = false;
  int exit_code_ = -1;
};

// Runs a command to completion.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult Run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
              std::chrono::milliseconds timeout = std::chrono::seconds(120));

}  // namespace km::testing
