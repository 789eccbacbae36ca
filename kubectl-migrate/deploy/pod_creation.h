#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kube/api_error.h"
#include "kube/client.h"
#include "kube/json.h"

namespace km::deploy {

// What a FailedCreate event of the Job says: the Job controller could not create a pod
// (a ServiceAccount that does not exist, a PodSecurity or admission webhook rejection, an
// exceeded ResourceQuota). No pod exists then to show it: only the Job's events do.
// The event's message without its "Error creating: " prefix, or nullopt for any other event;
// the random part of the pod's name is left out (`pods "JOB-"`), so that one reason
// repeated for each try reads the same.
std::optional<std::string> FailedCreateMessage(const kube::JsonValue& event);

// Why waiting cannot help once the Job controller has failed to create a pod for
// kConfigErrorGrace with `message` (and no pod exists): long enough for a ServiceAccount or
// a quota made in the same deploy, or a webhook that is restarting, to come right. Else nullopt.
std::optional<std::string> HopelessCreation(const std::string& message,
                                            std::chrono::milliseconds failing_for);

// Which events are news: an event not seen before, or seen at another resourceVersion
// (the count of an aggregated event went up). A re-list (after 410 Gone) hands every event
// over again; a failure from long ago must not read as one that is happening now.
class EventNews {
 public:
  bool IsNew(const kube::JsonValue& event);

 private:
  std::map<std::string, std::string> versions_;  // event uid → resourceVersion seen
};

// Watches the FailedCreate events of one Job (by its uid) from a thread of its own and
// hands each event's message to `on_failure` when it is news (EventNews: again when the
// event is updated). Stops and joins when destroyed.
class FailedCreateWatch {
 public:
  using Handler = std::function<void(const std::string& message)>;

  FailedCreateWatch(kube::Client& client, const std::string& namespace_, const kube::JsonValue& job,
                    Handler on_failure);
  ~FailedCreateWatch();
  FailedCreateWatch(const FailedCreateWatch&) = delete;
  FailedCreateWatch& operator=(const FailedCreateWatch&) = delete;

  // Asks the watch to end (it notices within about a second); the destructor waits for it.
  void RequestStop() { stop_ = true; }

  // The API error that ended the watch (403: this identity may not list events), if any.
  std::optional<kube::ApiError> error() const;

 private:
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::optional<kube::ApiError> error_;
  std::thread thread_;
};

}  // namespace km::deploy
