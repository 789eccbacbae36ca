#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "kube/pod_logs.h"

namespace km::deploy {

// How long a CreateContainerConfigError (a missing Secret or key, a root image
// under runAsNonRoot) may last before `run` gives up: long enough for a Secret
// created in the same deploy to appear, short enough to fail fast.
inline constexpr std::chrono::seconds kConfigErrorGrace{15};

// A CreateContainerConfigError or CreateContainerError: waits kConfigErrorGrace.
bool IsConfigError(const kube::PodAttempt& pod);

// Why waiting for this pod to start cannot help, or nullopt: an invalid image
// name, an image that is not there (and will not be pulled), or a config error
// that has lasted `config_error_for` beyond kConfigErrorGrace. Unschedulable pods
// are not hopeless here (an autoscaler may add a node): --start-timeout decides.
std::optional<std::string> HopelessStart(const kube::PodAttempt& pod,
                                         std::chrono::milliseconds config_error_for);

// Why waiting for a retry (a pod created after an attempt ran) cannot help, beyond
// HopelessStart: it has not started `start_timeout` (0: no limit) after it appeared.
std::optional<std::string> RetryNotStarting(const kube::PodAttempt& pod,
                                            std::chrono::milliseconds waiting_for,
                                            std::chrono::milliseconds start_timeout);

// "pod/x: ErrImagePull: <message>" or "pod/x: unschedulable: 0/1 nodes are available: ...",
// or "" while nothing stands in the way.
std::string DescribeWaiting(const kube::PodAttempt& pod);

}  // namespace km::deploy
