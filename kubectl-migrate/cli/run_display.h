#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "cli/command.h"
#include "kube/job.h"
#include "kube/pod_logs.h"

namespace km::cli {

// What `run` shows on stderr while the Job runs: every pod's log lines (a header
// when a pod's output starts, "[pod] " in front once there are several pods), the
// runner's JSON events as readable text on a terminal, warnings, and on a terminal
// one progress line ("job/x running (1 active, 0 failed)  12s/5m0s") kept below the
// output and redrawn every second. Thread-safe.
class RunDisplay {
 public:
  RunDisplay(Io& io, std::chrono::milliseconds timeout);
  ~RunDisplay();
  RunDisplay(const RunDisplay&) = delete;
  RunDisplay& operator=(const RunDisplay&) = delete;

  void Created(const std::string& job_name, const std::string& ns);
  void Status(const kube::JobStatus& status);
  void Log(const kube::LogLine& line);
  void Warning(const std::string& message);
  // Removes the progress line and stops redrawing it.
  void Close();

 private:
  void Print(const std::string& text);  // a whole line (with \n), under the lock
  void DrawProgress();                  // under the lock
  void ClearProgress();                 // under the lock

  Io& io_;
  bool tty_;
  std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  std::string job_;
  std::string phase_ = "creating";
  std::set<std::string> pods_;
  std::string last_pod_;
  bool progress_shown_ = false;
  std::atomic<bool> closed_{false};
  std::thread ticker_;
};

// "12s", "5m0s", "1h2m3s" (Go's duration style, whole seconds).
std::string FormatSeconds(int64_t seconds);

// A runner JSON event line ({"ts":…,"event":…}) as the runner's text output, or
// "" when `text` is not one.
std::string RenderRunnerEvent(const std::string& text, bool color);

}  // namespace km::cli
