#pragma once

#include <chrono>

namespace km::db {

class Connection;

// SIGINT and SIGTERM set a process-wide flag and cancel the query running on
// the connection registered with ScopedCancel, so the current migration's
// transaction rolls back promptly and the lock can be released.
void InstallInterruptHandlers();

// The signal received (SIGINT/SIGTERM), or 0.
int InterruptSignal();
inline bool Interrupted() { return InterruptSignal() != 0; }

// While alive, a signal cancels the statement running on `connection`.
class ScopedCancel {
 public:
  explicit ScopedCancel(Connection& connection);
  ~ScopedCancel();
  ScopedCancel(const ScopedCancel&) = delete;
  ScopedCancel& operator=(const ScopedCancel&) = delete;
};

// Sleeps up to `duration`, returning early when a signal arrives.
void InterruptibleSleep(std::chrono::milliseconds duration);

}  // namespace km::db
