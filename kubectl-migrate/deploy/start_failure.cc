#include "deploy/start_failure.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace km::deploy {
namespace {

bool Mentions(std::string text, std::string_view needle) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text.find(needle) != std::string::npos;
}

// Registry answers that another pull will get too.
bool ImageIsMissing(const std::string& message) {
  constexpr std::array<std::string_view, 4> kMissing = {"not found", "manifest unknown", "does not exist",
                                                        "no such image"};
  return std::any_of(kMissing.begin(), kMissing.end(), [&](std::string_view m) { return Mentions(message, m); });
}

}  // namespace

bool IsConfigError(const kube::PodAttempt& pod) {
  return pod.waiting_reason == "CreateContainerConfigError" || pod.waiting_reason == "CreateContainerError";
}

std::string DescribeWaiting(const kube::PodAttempt& pod) {
  if (!pod.waiting_reason.empty() && pod.waiting_reason != "ContainerCreating" &&
      pod.waiting_reason != "PodInitializing") {
    return "pod/" + pod.name + ": " + pod.waiting_reason +
           (pod.waiting_message.empty() ? "" : ": " + pod.waiting_message);
  }
  if (!pod.unschedulable.empty()) return "pod/" + pod.name + ": unschedulable: " + pod.unschedulable;
  return "";
}

std::optional<std::string> HopelessStart(const kube::PodAttempt& pod,
                                         std::chrono::milliseconds config_error_for) {
  const std::string& reason = pod.waiting_reason;
  if (reason == "ErrImageNeverPull" || reason == "InvalidImageName") return DescribeWaiting(pod);
  if ((reason == "ErrImagePull" || reason == "ImagePullBackOff") && ImageIsMissing(pod.waiting_message)) {
    return DescribeWaiting(pod);
  }
  if (IsConfigError(pod) && config_error_for >= kConfigErrorGrace) {
    return DescribeWaiting(pod) + " (still there after " + std::to_string(kConfigErrorGrace.count()) + "s)";
  }
  return std::nullopt;
}

std::optional<std::string> RetryNotStarting(const kube::PodAttempt& pod,
                                            std::chrono::milliseconds waiting_for,
                                            std::chrono::milliseconds start_timeout) {
  if (pod.started || pod.ended || start_timeout.count() <= 0 || waiting_for < start_timeout) {
    return std::nullopt;
  }
  std::string waiting = DescribeWaiting(pod);
  return "pod/" + pod.name + " did not start within --start-timeout " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(start_timeout).count()) +
         "s" + (waiting.empty() ? "" : ": " + waiting);
}

}  // namespace km::deploy
