#include "kube/watch.h"

#include <map>
#include <thread>

namespace km::kube {

void WatchDecoder::Feed(std::string_view chunk, std::vector<std::string>& out) {
  buffer_.append(chunk);
  size_t start = 0;
  for (size_t i = scanned_; i < buffer_.size(); ++i) {
    char c = buffer_[i];
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{') {
      if (depth_ == 0) start = i;
      ++depth_;
    } else if (c == '}' && depth_ > 0) {
      if (--depth_ == 0) {
        out.emplace_back(buffer_, start, i + 1 - start);
        start = i + 1;
      }
    } else if (depth_ == 0) {
      start = i + 1;  // whitespace between objects
    }
  }
  buffer_.erase(0, depth_ == 0 ? buffer_.size() : start);
  scanned_ = buffer_.size();
}

namespace {

constexpr int kMaxRetries = 5;
constexpr int kWatchTimeoutSeconds = 300;

std::string Query(const ListWatchOptions& options) {
  std::string query;
  if (!options.label_selector.empty()) {
    query += "&labelSelector=" + UrlEncode(options.label_selector);
  }
  if (!options.field_selector.empty()) {
    query += "&fieldSelector=" + UrlEncode(options.field_selector);
  }
  return query;
}

bool Retryable(const ApiError& error) {
  return error.http_status == 0 || error.http_status == 429 || error.http_status >= 500;
}

// Sleeps for the backoff of `attempt` (1 s, 2 s, 4 s ...) unless `stop` fires.
void Backoff(int attempt, const Stop& stop) {
  auto until = SteadyClock::now() + std::chrono::seconds(1 << attempt);
  while (SteadyClock::now() < until && !stop.Now()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

StreamEnd StopReason(const Stop& stop) {
  return stop.Cancelled() ? StreamEnd::kCancelled : StreamEnd::kDeadline;
}

class Watcher {
 public:
  Watcher(Client& client, const ListWatchOptions& options, const WatchHandler& handler,
          const Stop& stop)
      : client_(client), options_(options), handler_(handler), stop_(stop) {}

  ApiResult<StreamEnd> Run() {
    int failures = 0;
    bool need_list = true;
    while (true) {
      if (stop_.Now()) return StopReason(stop_);
      if (need_list) {
        auto listed = List();
        if (!listed) {
          if (!Transient(listed.error()) || ++failures > kMaxRetries) return listed.error();
          Backoff(failures - 1, stop_);
          continue;
        }
        if (!*listed) return StreamEnd::kReader;
        need_list = false;
        served_ = true;
      }
      auto watched = Watch();
      if (!watched) {
        if (watched.error().IsExpired()) {
          need_list = true;
          continue;
        }
        if (!Transient(watched.error()) || ++failures > kMaxRetries) return watched.error();
        Backoff(failures - 1, stop_);
        continue;
      }
      if (*watched != StreamEnd::kEof) return *watched;
      failures = 0;
      if (expired_) {
        expired_ = false;
        need_list = true;
      } else if (!received_) {
        Backoff(0, stop_);  // an empty stream: do not spin on a server that closes at once
      }
    }
  }

 private:
  // Worth another try: transport errors, 429 and 5xx; and once the server has served
  // this collection, 401/403 too: a restarted kube-apiserver answers Forbidden until
  // its authorizer's caches have synced, and credentials may be rotating.
  bool Transient(const ApiError& error) const {
    return Retryable(error) || (served_ && (error.http_status == 401 || error.http_status == 403));
  }

  // Lists; false when the handler asked to stop.
  ApiResult<bool> List() {
    std::string query = Query(options_);
    KM_TRY_ASSIGN(JsonDoc list, client_.Get(query.empty() ? options_.path
                                                          : options_.path + "?" + query.substr(1)));
    resource_version_ = StringAt(list, {"metadata", "resourceVersion"});
    std::map<std::string, JsonDoc> previous = std::move(known_);
    known_.clear();
    const JsonValue* items = Find(list, {"items"});
    if (items != nullptr && items->IsArray()) {
      for (const JsonValue& item : items->GetArray()) {
        std::string uid = StringAt(item, {"metadata", "uid"});
        previous.erase(uid);
        WatchEvent event{"ADDED", CopyJson(item)};
        known_[uid] = CopyJson(item);
        if (!handler_(event)) return false;
      }
    }
    for (auto& [uid, object] : previous) {
      if (!handler_(WatchEvent{"DELETED", std::move(object)})) return false;
    }
    return !options_.on_list || options_.on_list(known_.size());
  }

  ApiResult<StreamEnd> Watch() {
    Request request;
    request.path = options_.path + "?watch=1&allowWatchBookmarks=true&timeoutSeconds=" +
                   std::to_string(kWatchTimeoutSeconds) +
                   "&resourceVersion=" + UrlEncode(resource_version_) + Query(options_);
    WatchDecoder decoder;
    std::vector<std::string> texts;
    std::optional<ApiError> error;
    received_ = false;
    auto reader = [&](std::string_view chunk) {
      texts.clear();
      decoder.Feed(chunk, texts);
      for (const std::string& text : texts) {
        received_ = true;
        auto parsed = ParseJson(text, "watch event");
        if (!parsed) {
          error = TransportError(parsed.error().message);
          return false;
        }
        std::string type = StringAt(*parsed, {"type"});
        const JsonValue* object = Find(*parsed, {"object"});
        if (object == nullptr) continue;
        if (type == "ERROR") {
          ApiError status = ApiErrorFromStatus(ToJson(*object));
          if (status.IsExpired()) {
            expired_ = true;
          } else {
            error = status;
          }
          return false;
        }
        std::string version = StringAt(*object, {"metadata", "resourceVersion"});
        if (!version.empty()) resource_version_ = version;
        if (type == "BOOKMARK") continue;
        std::string uid = StringAt(*object, {"metadata", "uid"});
        if (type == "DELETED") {
          known_.erase(uid);
        } else {
          known_[uid] = CopyJson(*object);
        }
        if (!handler_(WatchEvent{type, CopyJson(*object)})) {
          handler_stopped_ = true;
          return false;
        }
      }
      return true;
    };
    handler_stopped_ = false;
    KM_TRY_ASSIGN(StreamEnd end, client_.Stream(request, reader, stop_));
    if (error) return *error;
    if (end == StreamEnd::kReader) return handler_stopped_ ? StreamEnd::kReader : StreamEnd::kEof;
    return end;
  }

  Client& client_;
  const ListWatchOptions& options_;
  const WatchHandler& handler_;
  const Stop& stop_;
  std::string resource_version_;
  std::map<std::string, JsonDoc> known_;  // uid → last state, to report deletions on re-list
  bool expired_ = false;
  bool served_ = false;  // a list succeeded
  bool received_ = false;
  bool handler_stopped_ = false;
};

}  // namespace

ApiResult<StreamEnd> ListWatch(Client& client, const ListWatchOptions& options,
                               const WatchHandler& handler, const Stop& stop) {
  return Watcher(client, options, handler, stop).Run();
}

}  // namespace km::kube
