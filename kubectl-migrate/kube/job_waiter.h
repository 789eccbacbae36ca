#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "kube/job.h"

namespace km::kube {

enum class WaitOutcome {
  kSucceeded,
  kFailed,
  kDeleted,    // the Job vanished (TTL, someone deleted it) before its outcome was seen
  kTimedOut,   // Stop::deadline passed
  kCancelled,  // Stop::cancel was set
};

struct JobWaitResult {
  WaitOutcome outcome = WaitOutcome::kTimedOut;
  JobStatus status;      // the last status seen
  std::string uid;       // "" when the Job was never seen
  bool deleted = false;  // the Job was deleted after its outcome (ttlSecondsAfterFinished: 0)
};

struct WaitOptions {
  // Return as soon as SuccessCriteriaMet / FailureTarget tell the outcome, without
  // waiting for every pod to terminate (Complete / Failed).
  bool return_early = false;
  // Called with each new status (and the Job's uid), e.g. to print progress.
  std::function<void(const JobStatus&, const std::string& uid)> on_status;
};

// Waits until job `name` finishes, either way (kubectl wait cannot: it waits for one
// condition, so a failed Job sits out the whole timeout). Watches instead of polling,
// so a failure is seen within a watch event of the Job controller writing it.
ApiResult<JobWaitResult> WaitForJob(Client& client, std::string_view ns, std::string_view name,
                                    const WaitOptions& options, const Stop& stop);

const char* ToString(WaitOutcome outcome);

}  // namespace km::kube
