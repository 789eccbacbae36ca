#pragma once

namespace km {

// Process exit codes. Stable and documented in README.md ("Exit codes"):
// scripts and the GitHub Action branch on them.
enum class ExitCode : int {
  kOk = 0,
  kMigrationFailed = 1,     // a migration's SQL failed (runner), or the Job failed (run)
  kUsage = 2,               // bad flags, bad kubeconfig or other configuration
  kValidation = 3,          // drift, out-of-order, missing file, broken journal, unknown rows
  kLockTimeout = 4,         // the advisory lock stayed taken past --lock-timeout
  kDatabaseUnreachable = 5, // could not connect, or the connection was lost
  kInterrupted = 6,         // SIGINT/SIGTERM: current migration rolled back, lock released
  kApiError = 7,            // Kubernetes API error (Forbidden, NotFound, server down, ...)
  kRolledBack = 8,          // the Job failed and every requested rollout undo succeeded
  kRollbackFailed = 9,      // the Job failed and a rollout undo failed too
  kTimedOut = 10,           // the Job did not finish within --timeout
  kNotApproved = 11,        // the GitHub run was not approved for the environment
  kLintErrors = 12,         // lint: error findings (not ignored)
  kLintWarnings = 13,       // lint: warnings only, and --fail-on warning
  kInternal = 70,           // a bug: please report it
};

inline int ToInt(ExitCode code) { return static_cast<int>(code); }

}  // namespace km
