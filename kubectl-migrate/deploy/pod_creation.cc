#include "deploy/pod_creation.h"

#include <cctype>
#include <string_view>

#include "deploy/start_failure.h"
#include "kube/watch.h"

namespace km::deploy {

namespace {

// `pods "JOB-x7k2q"` → `pods "JOB-"`: the name the controller drew for this one try (the
// same pod refused by a quota or a webhook gets a new one each time) is left out, as
// admission that refuses before naming (a missing ServiceAccount) already does.
void DropDrawnPodName(std::string& message, const std::string& job) {
  if (job.empty()) return;
  const std::string start = "pods \"" + job + "-";
  constexpr size_t kDrawn = 5;  // the apiserver's generateName suffix
  size_t at = message.find(start);
  if (at == std::string::npos) return;
  size_t suffix = at + start.size();
  if (suffix + kDrawn >= message.size() || message[suffix + kDrawn] != '"') return;
  for (size_t i = suffix; i < suffix + kDrawn; ++i) {
    if (!std::islower(static_cast<unsigned char>(message[i])) &&
        !std::isdigit(static_cast<unsigned char>(message[i])))
      return;
  }
  message.erase(suffix, kDrawn);
}

}  // namespace

std::optional<std::string> FailedCreateMessage(const kube::JsonValue& event) {
  if (kube::StringAt(event, {"reason"}) != "FailedCreate") return std::nullopt;
  std::string message = kube::StringAt(event, {"message"});
  constexpr std::string_view kPrefix = "Error creating: ";
  if (message.starts_with(kPrefix)) message.erase(0, kPrefix.size());
  DropDrawnPodName(message, kube::StringAt(event, {"involvedObject", "name"}));
  if (message.empty()) message = "(the event gives no message)";
  return message;
}

std::optional<std::string> HopelessCreation(const std::string& message,
                                            std::chrono::milliseconds failing_for) {
  if (failing_for < kConfigErrorGrace) return std::nullopt;
  return "FailedCreate: " + message + " (still there after " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(failing_for).count()) +
         "s)";
}

bool EventNews::IsNew(const kube::JsonValue& event) {
  std::string uid = kube::StringAt(event, {"metadata", "uid"});
  std::string version = kube::StringAt(event, {"metadata", "resourceVersion"});
  if (uid.empty() || version.empty()) return true;  // cannot tell: news
  auto [at, inserted] = versions_.try_emplace(uid, version);
  if (inserted) return true;
  if (at->second == version) return false;
  at->second = version;
  return true;
}

FailedCreateWatch::FailedCreateWatch(kube::Client& client, const std::string& namespace_,
                                     const kube::JsonValue& job, Handler on_failure) {
  kube::ListWatchOptions options;
  options.path = kube::CorePath(namespace_, "events");
  options.field_selector =
      "involvedObject.uid=" + kube::StringAt(job, {"metadata", "uid"}) + ",reason=FailedCreate";
  std::string name = kube::StringAt(job, {"metadata", "name"});
  thread_ = std::thread([this, &client, options, name, on_failure = std::move(on_failure)] {
    kube::Stop stop{&stop_};
    EventNews news;
    auto end = kube::ListWatch(
        client, options,
        [&](const kube::WatchEvent& event) {
          if (event.type == "DELETED" || !news.IsNew(event.object)) return true;
          if (auto message = FailedCreateMessage(event.object)) on_failure(*message);
          return true;
        },
        stop);
    if (!end) {
      std::lock_guard lock(mutex_);
      error_ = end.error().Wrap("watching the events of job/" + name);
    }
  });
}

FailedCreateWatch::~FailedCreateWatch() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::optional<kube::ApiError> FailedCreateWatch::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace km::deploy
