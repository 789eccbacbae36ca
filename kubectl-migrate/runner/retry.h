#pragma once

#include <chrono>
#include <optional>

namespace km::runner {

// How a migration that lost a lock wait (or hit a deadlock or serialization
// failure) is tried again: exponential backoff with jitter, within a budget
// counted from its first attempt.
struct RetryPolicy {
  std::chrono::milliseconds budget{180'000};  // 0: never retry
  std::chrono::milliseconds first_delay{250};
  std::chrono::milliseconds max_delay{5'000};
};

// The pause before the next attempt after `attempts` failed ones (1, 2, ...),
// or nullopt when the budget would be over by the time it starts. `jitter` in
// [0, 1] picks the delay between half and all of the exponential step, so
// runners that collide once do not collide again.
std::optional<std::chrono::milliseconds> NextRetryDelay(const RetryPolicy& policy, int attempts,
                                                        std::chrono::milliseconds elapsed,
                                                        double jitter);

// A uniform random number in [0, 1] for NextRetryDelay.
double RandomJitter();

}  // namespace km::runner
