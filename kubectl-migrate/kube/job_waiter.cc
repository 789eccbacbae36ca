#include "kube/job_waiter.h"

#include "kube/watch.h"

namespace km::kube {

ApiResult<JobWaitResult> WaitForJob(Client& client, std::string_view ns, std::string_view name,
                                    const WaitOptions& options, const Stop& stop) {
  JobWaitResult result;
  bool done = false;
  std::string last_version;
  auto handler = [&](const WatchEvent& event) {
    if (done) return false;
    if (event.type == "DELETED") {
      result.deleted = true;
      if (result.status.outcome == JobOutcome::kRunning) result.outcome = WaitOutcome::kDeleted;
      done = true;
      return false;
    }
    result.uid = StringAt(event.object, {"metadata", "uid"});
    JobStatus status = ReadJobStatus(event.object);
    std::string version = StringAt(event.object, {"metadata", "resourceVersion"});
    if (version != last_version && options.on_status) options.on_status(status, result.uid);
    last_version = version;
    result.status = status;
    if (status.outcome != JobOutcome::kRunning) {
      result.outcome =
          status.outcome == JobOutcome::kSucceeded ? WaitOutcome::kSucceeded : WaitOutcome::kFailed;
      if (status.finished || options.return_early) {
        done = true;
        return false;
      }
    }
    return true;
  };
  ListWatchOptions watch{JobsPath(ns), "", "metadata.name=" + std::string(name), nullptr};
  watch.on_list = [&](size_t items) {
    if (items > 0) return true;
    // Gone before (or while) we looked: deleted, unless its outcome was already seen.
    result.deleted = true;
    if (result.status.outcome == JobOutcome::kRunning) result.outcome = WaitOutcome::kDeleted;
    done = true;
    return false;
  };
  auto end = ListWatch(client, watch, handler, stop);
  if (!end) return end.error().Wrap("waiting for job/" + std::string(name));
  if (!done && result.status.outcome == JobOutcome::kRunning) {
    if (*end == StreamEnd::kCancelled) {
      result.outcome = WaitOutcome::kCancelled;
    } else {
      result.outcome = WaitOutcome::kTimedOut;
    }
  }
  return result;
}

const char* ToString(WaitOutcome outcome) {
  switch (outcome) {
    case WaitOutcome::kSucceeded:
      return "succeeded";
    case WaitOutcome::kFailed:
      return "failed";
    case WaitOutcome::kDeleted:
      return "deleted";
    case WaitOutcome::kTimedOut:
      return "timed out";
    case WaitOutcome::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace km::kube
