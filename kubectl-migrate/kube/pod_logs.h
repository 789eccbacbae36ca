#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "kube/client.h"
#include "kube/watch.h"

namespace km::kube {

struct LogLine {
  std::string pod;
  std::string container;
  std::string timestamp;  // RFC 3339 with nanoseconds, as the kubelet wrote it
  std::string text;       // without the newline
};

using LogSink = std::function<void(const LogLine&)>;

// One pod of a Job (one attempt) as last seen: its phase and, once its first
// container has terminated, the exit code and times.
struct PodAttempt {
  std::string name;
  std::string phase;             // Pending, Running, Succeeded, Failed
  std::optional<int> exit_code;  // of the first container, once terminated
  std::string started_at;        // RFC 3339: container start, else pod start
  std::string finished_at;       // RFC 3339, once terminated
  bool started = false;          // a container has run (running or terminated) at some point
  bool ended = false;            // PodHasEnded, or deleted: nothing of it runs or is still to start
  std::string waiting_reason;    // ErrImagePull, CreateContainerConfigError, ... while waiting
  std::string waiting_message;
  std::string unschedulable;     // the scheduler's message while PodScheduled is False
};

// Reads a PodAttempt from a Pod object.
PodAttempt ReadPodAttempt(const JsonValue& pod);

// True when nothing of the pod runs any more: phase Succeeded or Failed, or (restartPolicy
// Never) every container terminated, which the kubelet reports about a second before the
// phase.
bool PodHasEnded(const JsonValue& pod);

// Orders two RFC 3339 timestamps whose fractions differ in length
// ("…05.1Z" < "…05.12Z"): negative, zero or positive.
int CompareTimestamps(std::string_view a, std::string_view b);

// Splits a `timestamps=true` log line into its timestamp and text.
std::pair<std::string_view, std::string_view> SplitTimestamp(std::string_view line);

// How far one container's log has been passed on, so that a reopened stream (which
// starts again from the beginning) passes on only what is new. Lines with equal
// timestamps are told apart by how many of them were already seen.
class LogCursor {
 public:
  // Call before reading a stream from its beginning again.
  void Reopen() { equal_in_stream_ = 0; }
  // True when a line with this timestamp is new; records it.
  bool Accept(std::string_view timestamp);

 private:
  std::string last_;
  size_t equal_seen_ = 0;       // lines passed on with timestamp last_
  size_t equal_in_stream_ = 0;  // lines with timestamp last_ in the current stream
};

// Streams the logs of every pod a Job creates, each attempt in turn (kubectl logs
// job/X picks one pod and never follows the retries). Watches the Job's pods by its
// selector, follows each container with timestamps, retries while a container is
// still waiting to start, reopens after a restart, and reads the log once more when
// a pod terminates so that nothing written just before is lost.
class JobLogStreamer {
 public:
  // `job` is the Job object as the server returned it (its selector and namespace are used).
  JobLogStreamer(Client& client, const JsonValue& job, LogSink sink);
  ~JobLogStreamer();
  JobLogStreamer(const JobLogStreamer&) = delete;
  JobLogStreamer& operator=(const JobLogStreamer&) = delete;

  // Starts watching pods and following logs in the background.
  Result<void, ApiError> Start();

  // For when the Job has finished: waits until every pod seen has terminated and its
  // log has been read, for at most `grace`, then stops everything. False when some
  // pod was still running at the end of the grace. `pods_counted` is how many ended pods
  // the Job's status counts: the pod watch can lag behind the Job's, so it also waits
  // (within the grace) until it has seen that many, or the last attempt's log is lost.
  bool Finish(std::chrono::milliseconds grace, size_t pods_counted = 0);

  // Called (from the watch thread) with each pod's state as it changes. Set before Start().
  void OnPod(std::function<void(const PodAttempt&)> on_pod) { on_pod_ = std::move(on_pod); }

  // Stops at once.
  void Stop();

  // Called (from a background thread) with an error that stops the pod watch or a
  // log stream, e.g. 403 on pods/log: such errors are not retried; and when the last
  // read of a terminated container's log kept failing (its last lines may be missing).
  // Set before Start().
  void OnError(std::function<void(const ApiError&)> on_error) { on_error_ = std::move(on_error); }

  // The first error that stopped the pod watch or a log stream.
  std::optional<ApiError> error() const;

  // Names of the pods seen, in the order they appeared.
  std::vector<std::string> pods() const;

  // Every pod seen, in the order they appeared, as last seen (also after deletion).
  std::vector<PodAttempt> attempts() const;

 private:
  struct Pod;
  void WatchPods();
  bool OnPodEvent(const WatchEvent& event);
  void Follow(std::shared_ptr<Pod> pod, std::string container);
  bool Drained() const;
  void Fail(const ApiError& error);
  void Emit(const std::string& pod, const std::string& container, std::string_view chunk,
            std::string& partial, LogCursor& cursor, bool final);

  Client& client_;
  std::string namespace_;
  std::string job_name_;
  std::string selector_;
  LogSink sink_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::shared_ptr<Pod>> pods_;
  std::vector<std::string> pod_order_;
  std::vector<std::thread> threads_;
  std::optional<ApiError> error_;
  std::function<void(const ApiError&)> on_error_;
  std::function<void(const PodAttempt&)> on_pod_;
  bool listed_ = false;  // the first pod list arrived
  std::atomic<bool> stop_{false};
  std::thread watcher_;
  std::mutex sink_mutex_;
};

}  // namespace km::kube
