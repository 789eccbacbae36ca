#include "kube/pod_logs.h"

#include "kube/selector.h"

namespace km::kube {

namespace {

constexpr auto kRetryDelay = std::chrono::milliseconds(1000);
constexpr int kFinalReadAttempts = 10;  // the last read of a terminated container's log
constexpr int kMaxDenials = 30;  // 401/403 retries (one a second) after a stream was served

// "2024-01-02T03:04:05.123Z" → ("2024-01-02T03:04:05", 123000000, "Z").
struct Parts {
  std::string_view seconds;
  std::string fraction;  // 9 digits
  std::string_view zone;
};

Parts Split(std::string_view ts) {
  Parts parts;
  size_t dot = ts.find('.');
  size_t zone = ts.find_first_of("Zz+-", std::min(ts.size(), size_t{19}));
  if (zone == std::string_view::npos) zone = ts.size();
  parts.seconds = ts.substr(0, dot == std::string_view::npos || dot > zone ? zone : dot);
  if (dot != std::string_view::npos && dot < zone) {
    parts.fraction = std::string(ts.substr(dot + 1, zone - dot - 1));
  }
  parts.fraction.resize(9, '0');
  parts.zone = ts.substr(zone);
  return parts;
}

bool Sleep(std::chrono::milliseconds delay, const std::atomic<bool>& a,
           const std::atomic<bool>& b) {
  auto until = SteadyClock::now() + delay;
  while (SteadyClock::now() < until) {
    if (a.load() || b.load()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace

int CompareTimestamps(std::string_view a, std::string_view b) {
  Parts pa = Split(a), pb = Split(b);
  if (int c = pa.seconds.compare(pb.seconds); c != 0) return c;
  if (int c = pa.fraction.compare(pb.fraction); c != 0) return c;
  return pa.zone.compare(pb.zone);
}

std::pair<std::string_view, std::string_view> SplitTimestamp(std::string_view line) {
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return {line, {}};
  return {line.substr(0, space), line.substr(space + 1)};
}

bool LogCursor::Accept(std::string_view timestamp) {
  int order = last_.empty() ? 1 : CompareTimestamps(timestamp, last_);
  if (order < 0) return false;
  if (order == 0) {
    if (equal_in_stream_ < equal_seen_) {
      ++equal_in_stream_;
      return false;
    }
    ++equal_seen_;
    ++equal_in_stream_;
    return true;
  }
  last_ = std::string(timestamp);
  equal_seen_ = 1;
  equal_in_stream_ = 1;
  return true;
}

PodAttempt ReadPodAttempt(const JsonValue& pod) {
  PodAttempt attempt;
  attempt.name = StringAt(pod, {"metadata", "name"});
  attempt.phase = StringAt(pod, {"status", "phase"});
  attempt.started_at = StringAt(pod, {"status", "startTime"});
  if (const JsonValue* conditions = Find(pod, {"status", "conditions"}); conditions && conditions->IsArray()) {
    for (const JsonValue& condition : conditions->GetArray()) {
      if (StringAt(condition, {"type"}) == "PodScheduled" && StringAt(condition, {"status"}) == "False") {
        attempt.unschedulable = StringAt(condition, {"message"});
        if (attempt.unschedulable.empty()) attempt.unschedulable = StringAt(condition, {"reason"});
      }
    }
  }
  const JsonValue* statuses = Find(pod, {"status", "containerStatuses"});
  if (statuses == nullptr || !statuses->IsArray() || statuses->Empty()) return attempt;
  const JsonValue& first = (*statuses)[0];
  if (std::string started = StringAt(first, {"state", "running", "startedAt"}); !started.empty()) {
    attempt.started_at = started;
    attempt.started = true;
  }
  if (const JsonValue* waiting = Find(first, {"state", "waiting"}); waiting != nullptr) {
    attempt.waiting_reason = StringAt(*waiting, {"reason"});
    attempt.waiting_message = StringAt(*waiting, {"message"});
  }
  if (Find(first, {"lastState", "terminated"}) != nullptr) attempt.started = true;
  if (const JsonValue* terminated = Find(first, {"state", "terminated"}); terminated != nullptr) {
    if (auto code = IntAt(*terminated, {"exitCode"})) attempt.exit_code = static_cast<int>(*code);
    attempt.started = true;
    std::string started = StringAt(*terminated, {"startedAt"});
    if (!started.empty()) attempt.started_at = started;
    attempt.finished_at = StringAt(*terminated, {"finishedAt"});
  }
  return attempt;
}

struct JobLogStreamer::Pod {
  std::string name;
  PodAttempt attempt;  // guarded by the streamer's mutex
  std::vector<std::string> containers;
  std::atomic<bool> terminated{false};  // also the cancel flag of its follow streams
  int followers = 0;                    // guarded by the streamer's mutex
};

JobLogStreamer::JobLogStreamer(Client& client, const JsonValue& job, LogSink sink)
    : client_(client),
      namespace_(StringAt(job, {"metadata", "namespace"})),
      job_name_(StringAt(job, {"metadata", "name"})),
      sink_(std::move(sink)) {
  if (namespace_.empty()) namespace_ = client.default_namespace();
  const JsonValue* selector = Find(job, {"spec", "selector"});
  if (selector != nullptr) {
    auto text = LabelSelectorString(*selector);
    if (text) selector_ = *text;
  }
  if (selector_.empty()) {
    std::string uid = StringAt(job, {"metadata", "uid"});
    selector_ = "batch.kubernetes.io/controller-uid=" + uid;
  }
}

JobLogStreamer::~JobLogStreamer() { Stop(); }

Result<void, ApiError> JobLogStreamer::Start() {
  watcher_ = std::thread([this] { WatchPods(); });
  return {};
}

void JobLogStreamer::WatchPods() {
  ListWatchOptions options{CorePath(namespace_, "pods"), selector_, "", nullptr};
  options.on_list = [this](size_t) {
    std::lock_guard lock(mutex_);
    listed_ = true;
    changed_.notify_all();
    return true;
  };
  kube::Stop stop{&stop_};
  auto end = ListWatch(
      client_, options, [this](const WatchEvent& event) { return OnPodEvent(event); }, stop);
  if (!end) Fail(end.error().Wrap("watching pods of job/" + job_name_));
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void JobLogStreamer::Fail(const ApiError& error) {
  {
    std::lock_guard lock(mutex_);
    if (error_) return;
    error_ = error;
    changed_.notify_all();
  }
  if (on_error_) on_error_(error);
}

bool PodHasEnded(const JsonValue& pod) {
  std::string phase = StringAt(pod, {"status", "phase"});
  if (phase == "Succeeded" || phase == "Failed") return true;
  if (StringAt(pod, {"spec", "restartPolicy"}) != "Never") return false;
  const JsonValue* containers = Find(pod, {"spec", "containers"});
  const JsonValue* statuses = Find(pod, {"status", "containerStatuses"});
  if (containers == nullptr || statuses == nullptr || !containers->IsArray() || !statuses->IsArray() ||
      containers->Size() == 0 || statuses->Size() != containers->Size()) {
    return false;
  }
  for (const JsonValue& status : statuses->GetArray()) {
    if (Find(status, {"state", "terminated"}) == nullptr) return false;
  }
  return true;
}

bool JobLogStreamer::OnPodEvent(const WatchEvent& event) {
  std::string name = StringAt(event.object, {"metadata", "name"});
  bool terminated = event.type == "DELETED" || PodHasEnded(event.object);
  std::lock_guard lock(mutex_);
  if (stop_) return false;
  auto found = pods_.find(name);
  if (found == pods_.end()) {
    auto pod = std::make_shared<Pod>();
    pod->name = name;
    const JsonValue* containers = Find(event.object, {"spec", "containers"});
    if (containers != nullptr && containers->IsArray()) {
      for (const JsonValue& container : containers->GetArray()) {
        pod->containers.push_back(StringAt(container, {"name"}));
      }
    }
    found = pods_.emplace(name, pod).first;
    pod_order_.push_back(name);
    for (const std::string& container : pod->containers) {
      ++pod->followers;
      threads_.emplace_back([this, pod, container] { Follow(pod, container); });
    }
  }
  if (terminated) found->second->terminated = true;
  PodAttempt attempt = ReadPodAttempt(event.object);
  if (attempt.phase.empty()) attempt.phase = found->second->attempt.phase;
  if (!attempt.exit_code) attempt.exit_code = found->second->attempt.exit_code;
  if (attempt.finished_at.empty()) attempt.finished_at = found->second->attempt.finished_at;
  attempt.started = attempt.started || found->second->attempt.started;
  attempt.ended = found->second->terminated;
  found->second->attempt = std::move(attempt);
  if (on_pod_) on_pod_(found->second->attempt);
  changed_.notify_all();
  return true;
}

void JobLogStreamer::Emit(const std::string& pod, const std::string& container,
                          std::string_view chunk, std::string& partial, LogCursor& cursor,
                          bool final) {
  partial.append(chunk);
  size_t start = 0;
  std::lock_guard lock(sink_mutex_);
  while (true) {
    size_t newline = partial.find('\n', start);
    if (newline == std::string::npos && !(final && start < partial.size())) break;
    size_t end = newline == std::string::npos ? partial.size() : newline;
    std::string_view line(partial.data() + start, end - start);
    auto [timestamp, text] = SplitTimestamp(line);
    if (cursor.Accept(timestamp)) {
      sink_(LogLine{pod, container, std::string(timestamp), std::string(text)});
    }
    start = end + (newline == std::string::npos ? 0 : 1);
  }
  partial.erase(0, start);
}

void JobLogStreamer::Follow(std::shared_ptr<Pod> pod, std::string container) {
  std::string path = CorePath(namespace_, "pods") + "/" + UrlEncode(pod->name) +
                     "/log?timestamps=true&container=" + UrlEncode(container);
  LogCursor cursor;
  bool opened = false;  // a stream was served
  int denials = 0;      // 401/403 in a row since
  while (!stop_ && !pod->terminated) {
    cursor.Reopen();
    std::string partial;
    auto reader = [&](std::string_view chunk) {
      Emit(pod->name, container, chunk, partial, cursor, false);
      return !stop_.load();
    };
    auto end = client_.Stream({"GET", path + "&follow=true", "", ""}, reader,
                              kube::Stop{&pod->terminated});
    if (!end && end.error().IsNotFound()) break;  // the pod is gone
    bool denied = !end && (end.error().http_status == 401 || end.error().http_status == 403);
    if (denied && (!opened || ++denials > kMaxDenials)) {
      // Not allowed to read logs (RBAC lacks pods/log): retrying will not help. Once a
      // stream was open, a denial is more likely a restarted kube-apiserver whose
      // authorizer has not synced yet, so that gets a few more tries.
      Fail(end.error().Wrap("reading the log of pod/" + pod->name));
      break;
    }
    if (end) {
      opened = true;
      denials = 0;
    }
    if (end && *end == StreamEnd::kCancelled) break;
    // Not started yet (400 "waiting to start"), exited (a restart may follow), or a
    // broken connection: look again.
    Sleep(kRetryDelay, stop_, pod->terminated);
  }
  // Terminated: read the whole log once more; the cursor passes on only the rest. A busy
  // kube-apiserver or kubelet can fail that read (so can a just restarted kube-apiserver
  // whose authorizer has not synced: 403), and it holds the attempt's last lines, the
  // runner's summary among them: try again for a while (Finish's grace is longer), and
  // say so when it never worked, rather than report a run without its last lines.
  std::optional<ApiError> failure;
  for (int attempt = 0; attempt < kFinalReadAttempts && !stop_; ++attempt) {
    auto log = client_.Send({"GET", path, "", ""});
    if (log && log->status == 200) {
      cursor.Reopen();
      std::string partial;
      Emit(pod->name, container, log->body, partial, cursor, true);
      failure.reset();
      break;
    }
    // 404: the pod is gone. 400: its container never started (a terminated pod's will not
    // now), so it has no log.
    if (log && (log->status == 404 || log->status == 400)) {
      failure.reset();
      break;
    }
    failure = log ? ApiErrorFromResponse(log->status, log->body) : log.error();
    Sleep(kRetryDelay, stop_, stop_);
  }
  if (failure && on_error_) {
    on_error_(failure->Wrap("the last lines of pod/" + pod->name + " (container " + container +
                            ") could not be read; what is shown may end early"));
  }
  std::lock_guard lock(mutex_);
  --pod->followers;
  changed_.notify_all();
}

bool JobLogStreamer::Drained() const {
  if (!listed_) return false;
  for (const auto& [name, pod] : pods_) {
    if (!pod->terminated || pod->followers > 0) return false;
  }
  return true;
}

bool JobLogStreamer::Finish(std::chrono::milliseconds grace, size_t pods_counted) {
  bool drained = false;
  {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, grace, [&] {
      return (Drained() && pods_.size() >= pods_counted) || error_.has_value();
    });
    drained = Drained();
  }
  Stop();
  return drained;
}

void JobLogStreamer::Stop() {
  stop_ = true;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, pod] : pods_) pod->terminated = true;
    threads.swap(threads_);
  }
  if (watcher_.joinable()) watcher_.join();
  for (std::thread& thread : threads) thread.join();
}

std::optional<ApiError> JobLogStreamer::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

std::vector<std::string> JobLogStreamer::pods() const {
  std::lock_guard lock(mutex_);
  return pod_order_;
}

std::vector<PodAttempt> JobLogStreamer::attempts() const {
  std::lock_guard lock(mutex_);
  std::vector<PodAttempt> attempts;
  for (const std::string& name : pod_order_) attempts.push_back(pods_.at(name)->attempt);
  return attempts;
}

}  // namespace km::kube
