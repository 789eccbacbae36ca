#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "kube/api_error.h"
#include "kube/exec_credential.h"
#include "kube/json.h"
#include "kube/kubeconfig.h"
#include "util/clock.h"

namespace km::kube {

template <class T>
using ApiResult = Result<T, ApiError>;

// When a long request (watch, log stream, wait) must give up: a flag another
// thread or a signal handler sets, and a deadline. Checked about once a second.
struct Stop {
  const std::atomic<bool>* cancel = nullptr;
  SteadyClock::time_point deadline = SteadyClock::time_point::max();
  const std::atomic<bool>* abort = nullptr;  // a second reason to stop, e.g. a pod that cannot start

  bool Cancelled() const {
    return (cancel != nullptr && cancel->load()) || (abort != nullptr && abort->load());
  }
  bool Expired() const { return SteadyClock::now() >= deadline; }
  bool Now() const { return Cancelled() || Expired(); }
};

struct Request {
  std::string method = "GET";
  std::string path;  // "/apis/batch/v1/namespaces/ns/jobs?labelSelector=..."
  std::string body;
  std::string content_type = "application/json";
};

struct Response {
  int status = 0;
  std::string body;
};

// Why a stream ended without an error.
enum class StreamEnd {
  kEof,        // the server closed the stream
  kReader,     // the reader returned false
  kCancelled,  // Stop::cancel was set
  kDeadline,   // Stop::deadline passed
};

// A client for one API server. Safe to use from several threads at once: every
// request has its own connection state; credentials are shared under a lock.
class Client {
 public:
  explicit Client(RestConfig config);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const RestConfig& config() const { return config_; }
  const std::string& default_namespace() const { return config_.namespace_; }

  // Sends a request and returns any HTTP response; only transport failures are
  // errors. Re-runs an exec plugin and retries once on 401.
  ApiResult<Response> Send(const Request& request);

  // JSON requests: 2xx → the parsed body; otherwise the server's Status as an error.
  ApiResult<JsonDoc> Get(const std::string& path);
  ApiResult<JsonDoc> Post(const std::string& path, const std::string& body);
  ApiResult<JsonDoc> Patch(const std::string& path, const std::string& body,
                           const std::string& content_type);
  ApiResult<JsonDoc> Delete(const std::string& path, const std::string& body = "");

  // Streams a 2xx response body to `reader` chunk by chunk, as it arrives; a
  // non-2xx response is returned as its Status error. No overall timeout.
  ApiResult<StreamEnd> Stream(const Request& request,
                              const std::function<bool(std::string_view)>& reader,
                              const Stop& stop);

 private:
  struct Auth;
  struct Transfer;
  ApiResult<Auth> CurrentAuth(bool refresh);
  Result<void, ApiError> Setup(Transfer& transfer, const Request& request, const Auth& auth) const;
  ApiResult<JsonDoc> Json(const Request& request);
  ApiError ResponseError(int status, std::string_view body) const;

  RestConfig config_;
  std::string url_base_;    // scheme://host:port the URL names (tls-server-name if set)
  std::string connect_to_;  // CURLOPT_CONNECT_TO entry when tls-server-name is set
  std::mutex credential_mutex_;
  std::optional<Credential> credential_;
};

// Path helpers: "/api/v1/namespaces/NS/pods", "/apis/batch/v1/namespaces/NS/jobs".
std::string CorePath(std::string_view ns, std::string_view resource);
std::string GroupPath(std::string_view group_version, std::string_view ns,
                      std::string_view resource);

}  // namespace km::kube
