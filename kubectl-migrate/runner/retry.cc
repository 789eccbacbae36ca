#include "runner/retry.h"

#include <algorithm>
#include <random>

namespace km::runner {

std::optional<std::chrono::milliseconds> NextRetryDelay(const RetryPolicy& policy, int attempts,
                                                        std::chrono::milliseconds elapsed,
                                                        double jitter) {
  if (policy.budget.count() <= 0 || attempts < 1) return std::nullopt;
  auto step = policy.first_delay;
  for (int i = 1; i < attempts && step < policy.max_delay; ++i) step *= 2;
  step = std::min(step, policy.max_delay);
  jitter = std::clamp(jitter, 0.0, 1.0);
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(step.count() * (0.5 + 0.5 * jitter)));
  if (elapsed + delay >= policy.budget) return std::nullopt;
  return delay;
}

double RandomJitter() {
  static std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace km::runner
