#include "kube/client.h"

#include <curl/curl.h>

#include <cctype>

#include "util/ca_bundle.h"
#include "util/files.h"

namespace km::kube {
namespace {

// libcurl's compiled-in CA bundle ("" when it has none).
const char* DefaultCaInfo(CURL* curl) {
  char* cainfo = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CAINFO, &cainfo) != CURLE_OK || cainfo == nullptr) return "";
  return cainfo;
}

}  // namespace

struct Client::Auth {
  std::string bearer;
  std::string cert_data, key_data;  // PEM from an exec plugin
};

struct Client::Transfer {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct ServerParts {
  std::string scheme, host, port;
};

ServerParts SplitServer(const std::string& server) {
  ServerParts out;
  size_t scheme_end = server.find("://");
  size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  out.scheme = scheme_end == std::string::npos ? "https" : server.substr(0, scheme_end);
  size_t end = server.find('/', start);
  std::string authority = server.substr(start, end == std::string::npos ? end : end - start);
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  } else {
    out.host = authority;
    out.port = out.scheme == "http" ? "80" : "443";
  }
  return out;
}

// State shared with the curl callbacks of one streaming transfer.
struct StreamState {
  const std::function<bool(std::string_view)>* reader = nullptr;
  const Stop* stop = nullptr;
  CURL* curl = nullptr;
  std::string error_body;
  bool reader_stopped = false;
};

size_t CollectBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t StreamBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<StreamState*>(user);
  long status = 0;
  curl_easy_getinfo(state->curl, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    state->error_body.append(data, size * count);
    return size * count;
  }
  if (!(*state->reader)(std::string_view(data, size * count))) {
    state->reader_stopped = true;
    return 0;
  }
  return size * count;
}

int StreamProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<StreamState*>(user)->stop->Now() ? 1 : 0;
}

void SetBlob(CURL* curl, CURLoption option, const std::string& data) {
  curl_blob blob{const_cast<char*>(data.data()), data.size(), CURL_BLOB_COPY};
  curl_easy_setopt(curl, option, &blob);
}

std::string Describe(const Request& request) { return request.method + " " + request.path; }

// curl_easy_perform for a stream, but checking `stop` every 100 ms even while no data
// arrives (libcurl calls the progress callback only about once a second then), so a
// cancelled follow or watch ends promptly.
CURLcode PerformStoppable(CURL* curl, const Stop& stop) {
  constexpr int kPollMs = 100;
  CURLM* multi = curl_multi_init();
  curl_multi_add_handle(multi, curl);
  CURLcode result = CURLE_OK;
  int running = 1;
  while (running > 0) {
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      result = CURLE_FAILED_INIT;
      break;
    }
    if (running == 0) break;
    if (stop.Now()) {
      result = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    curl_multi_poll(multi, nullptr, 0, kPollMs, nullptr);
  }
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
    if (message->msg == CURLMSG_DONE && message->easy_handle == curl) result = message->data.result;
  }
  curl_multi_remove_handle(multi, curl);
  curl_multi_cleanup(multi);
  return result;
}

}  // namespace

Client::Client(RestConfig config) : config_(std::move(config)) {
  GlobalInit();
  ServerParts server = SplitServer(config_.server);
  if (config_.tls_server_name.empty()) {
    url_base_ = server.scheme + "://" + server.host + ":" + server.port;
  } else {
    url_base_ = server.scheme + "://" + config_.tls_server_name + ":" + server.port;
    connect_to_ =
        config_.tls_server_name + ":" + server.port + ":" + server.host + ":" + server.port;
  }
}

Client::~Client() = default;

ApiResult<Client::Auth> Client::CurrentAuth(bool refresh) {
  Auth auth;
  if (!config_.token.empty()) {
    auth.bearer = config_.token;
  } else if (!config_.token_file.empty()) {
    auto token = ReadFile(config_.token_file, ExitCode::kApiError);
    if (!token) return TransportError(token.error().message);
    auth.bearer = std::move(token).value();
    while (!auth.bearer.empty() && std::isspace(static_cast<unsigned char>(auth.bearer.back()))) {
      auth.bearer.pop_back();
    }
  } else if (config_.exec) {
    std::lock_guard lock(credential_mutex_);
    if (refresh || !credential_ || credential_->Expired(std::chrono::system_clock::now())) {
      auto credential = RunExecPlugin(config_);
      if (!credential) return TransportError(credential.error().message);
      credential_ = std::move(credential).value();
    }
    auth.bearer = credential_->token;
    auth.cert_data = credential_->client_cert_data;
    auth.key_data = credential_->client_key_data;
  }
  return auth;
}

Result<void, ApiError> Client::Setup(Transfer& t, const Request& request, const Auth& auth) const {
  if (t.curl == nullptr) return TransportError("curl_easy_init failed");
  CURL* curl = t.curl;
  std::string url = url_base_ + request.path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, t.error);
  // Only HTTP(S), also after redirects: the static release build has no LDAP/RTMP/Kerberos
  // (kubectl-migrate/static/absent_features.c), and no other scheme belongs in a kubeconfig.
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 30000L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
    }
  }
  if (!connect_to_.empty()) {
    t.connect_to = curl_slist_append(nullptr, connect_to_.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, t.connect_to);
  }
  t.headers = curl_slist_append(t.headers, "Accept: application/json, */*");
  t.headers = curl_slist_append(t.headers, "User-Agent: kubectl-migrate");
  if (!request.body.empty()) {
    t.headers = curl_slist_append(t.headers, ("Content-Type: " + request.content_type).c_str());
  }
  if (!auth.bearer.empty()) {
    t.headers = curl_slist_append(t.headers, ("Authorization: Bearer " + auth.bearer).c_str());
  } else if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, t.headers);

  if (config_.insecure_skip_tls_verify) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!config_.ca_data.empty()) {
    SetBlob(curl, CURLOPT_CAINFO_BLOB, config_.ca_data);
  } else if (!config_.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  } else if (std::string bundle = SystemCaBundle(DefaultCaInfo(curl)); !bundle.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, bundle.c_str());
  }
  const std::string& cert_data = auth.cert_data.empty() ? config_.client_cert_data : auth.cert_data;
  const std::string& key_data = auth.key_data.empty() ? config_.client_key_data : auth.key_data;
  if (!cert_data.empty()) {
    SetBlob(curl, CURLOPT_SSLCERT_BLOB, cert_data);
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  } else if (!config_.client_cert_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, config_.client_cert_file.c_str());
  }
  if (!key_data.empty()) {
    SetBlob(curl, CURLOPT_SSLKEY_BLOB, key_data);
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  } else if (!config_.client_key_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, config_.client_key_file.c_str());
  }
  if (!config_.proxy_url.empty()) curl_easy_setopt(curl, CURLOPT_PROXY, config_.proxy_url.c_str());
  return {};
}

ApiResult<Response> Client::Send(const Request& request) {
  for (int attempt = 0;; ++attempt) {
    KM_TRY_ASSIGN(Auth auth, CurrentAuth(attempt > 0));
    Transfer transfer;
    KM_TRY_STATUS(Setup(transfer, request, auth));
    Response response;
    curl_easy_setopt(transfer.curl, CURLOPT_WRITEFUNCTION, CollectBody);
    curl_easy_setopt(transfer.curl, CURLOPT_WRITEDATA, &response.body);
    if (config_.request_timeout.count() > 0) {
      curl_easy_setopt(transfer.curl, CURLOPT_TIMEOUT_MS,
                       static_cast<long>(config_.request_timeout.count()));
    }
    CURLcode rc = curl_easy_perform(transfer.curl);
    if (rc != CURLE_OK) {
      return TransportError(Describe(request) + " on " + config_.server + ": " +
                            (transfer.error[0] != 0 ? transfer.error : curl_easy_strerror(rc)));
    }
    long status = 0;
    curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    if (status == 401 && config_.exec && config_.token.empty() && attempt == 0) continue;
    return response;
  }
}

ApiResult<StreamEnd> Client::Stream(const Request& request,
                                    const std::function<bool(std::string_view)>& reader,
                                    const Stop& stop) {
  for (int attempt = 0;; ++attempt) {
    KM_TRY_ASSIGN(Auth auth, CurrentAuth(attempt > 0));
    Transfer transfer;
    KM_TRY_STATUS(Setup(transfer, request, auth));
    StreamState state{&reader, &stop, transfer.curl, {}, false};
    curl_easy_setopt(transfer.curl, CURLOPT_WRITEFUNCTION, StreamBody);
    curl_easy_setopt(transfer.curl, CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(transfer.curl, CURLOPT_XFERINFOFUNCTION, StreamProgress);
    curl_easy_setopt(transfer.curl, CURLOPT_XFERINFODATA, &state);
    curl_easy_setopt(transfer.curl, CURLOPT_NOPROGRESS, 0L);
    CURLcode rc = PerformStoppable(transfer.curl, stop);
    if (state.reader_stopped) return StreamEnd::kReader;
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
      return stop.Cancelled() ? StreamEnd::kCancelled : StreamEnd::kDeadline;
    }
    long status = 0;
    curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK && status == 0) {
      return TransportError(Describe(request) + " on " + config_.server + ": " +
                            (transfer.error[0] != 0 ? transfer.error : curl_easy_strerror(rc)));
    }
    if (status == 401 && config_.exec && config_.token.empty() && attempt == 0) continue;
    if (status < 200 || status >= 300) {
      return ResponseError(static_cast<int>(status), state.error_body);
    }
    // A connection broken mid-stream ends it like a close: watchers and log
    // followers resume from where they were either way.
    return StreamEnd::kEof;
  }
}

ApiResult<JsonDoc> Client::Json(const Request& request) {
  KM_TRY_ASSIGN(Response response, Send(request));
  if (response.status < 200 || response.status >= 300) {
    return ResponseError(response.status, response.body);
  }
  auto doc = ParseJson(response.body, Describe(request));
  if (!doc) return TransportError(doc.error().message);
  return std::move(doc).value();
}

ApiError Client::ResponseError(int status, std::string_view body) const {
  ApiError error = ApiErrorFromResponse(status, body);
  if (error.IsUnauthorized()) {
    error.message +=
        " (the server rejected the credentials of " +
        (config_.context.empty() ? config_.source : "context \"" + config_.context + "\"") + ")";
  }
  return error;
}

ApiResult<JsonDoc> Client::Get(const std::string& path) { return Json({"GET", path, "", ""}); }

ApiResult<JsonDoc> Client::Post(const std::string& path, const std::string& body) {
  return Json({"POST", path, body, "application/json"});
}

ApiResult<JsonDoc> Client::Patch(const std::string& path, const std::string& body,
                                 const std::string& content_type) {
  return Json({"PATCH", path, body, content_type});
}

ApiResult<JsonDoc> Client::Delete(const std::string& path, const std::string& body) {
  return Json({"DELETE", path, body, "application/json"});
}

std::string CorePath(std::string_view ns, std::string_view resource) {
  return "/api/v1/namespaces/" + UrlEncode(ns) + "/" + std::string(resource);
}

std::string GroupPath(std::string_view group_version, std::string_view ns,
                      std::string_view resource) {
  return "/apis/" + std::string(group_version) + "/namespaces/" + UrlEncode(ns) + "/" +
         std::string(resource);
}

}  // namespace km::kube
