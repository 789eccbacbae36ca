#pragma once

namespace km {

// Process exit codes. Stable and documented in README.md ("Exit codes"):
// scripts and the GitHub Action branch on them.
enum class ExitCode : int {
  kOk = 0,
  kMigrationFailed = 1,     // a migration's SQL failed and would fail the same way again (runner),
                            // or the Job failed (run)
  kUsage = 2,               // bad flags, bad kubeconfig or other configuration
  kValidation = 3,          // drift, out-of-order, missing file, broken journal, unknown rows
  kLockTimeout = 4,         // the advisory lock stayed taken past --advisory-lock-timeout
  kDatabaseUnreachable = 5, // could not connect, or the connection was lost
  kInterrupted = 6,         // SIGINT/SIGTERM: current migration stopped, lock released
  kApiError = 7,            // Kubernetes API error (Forbidden, NotFound, server down, ...)
  kRolledBack = 8,          // the Job failed and every requested rollout undo succeeded
  kRollbackFailed = 9,      // the Job failed and a rollout undo failed too
  kTimedOut = 10,           // the Job did not finish within --timeout
  kNotApproved = 11,        // the GitHub run was not approved for the environment
  kRetryExhausted = 12,     // a migration kept losing lock waits (or hit deadlocks/serialization
                            // failures) until --ddl-retry-budget ran out; rolled back, may pass later
  kJobNotStarted = 13,      // run: the Job's pod could not start (image, Secret, scheduling): Job stopped
  kLintErrors = 14,         // lint: error findings (not ignored)
  kLintWarnings = 15,       // lint: warnings only, and --fail-on warning
  kNothingRecorded = 16,    // logs: no run record matches (no run yet, no failed run, no such Job)
  kInternal = 70,           // a bug: please report it
};

inline int ToInt(ExitCode code) { return static_cast<int>(code); }

}  // namespace km
