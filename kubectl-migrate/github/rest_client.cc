#include "github/rest_client.h"

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cctype>
#include <ctime>
#include <mutex>

#include "util/ca_bundle.h"
#include "util/json_depth.h"

namespace km::github {
namespace {

struct Transfer {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  ~Transfer() {
    curl_slist_free_all(headers);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

size_t CollectBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(start, end - start + 1));
}

size_t CollectHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<RestResponse*>(user);
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name = Lower(line.substr(0, colon));
    std::string value = Trim(line.substr(colon + 1));
    if (name == "link") response->link = value;
    if (name == "x-ratelimit-remaining") response->ratelimit_remaining = value;
    if (name == "x-ratelimit-reset") response->ratelimit_reset = value;
  }
  return size * count;
}

std::string GitHubMessage(const std::string& body) {
  if (JsonNestedTooDeep(body)) return "";
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("message") ||
      !doc["message"].IsString()) {
    return "";
  }
  return doc["message"].GetString();
}

std::string ResetTime(const std::string& unix_seconds) {
  char* end = nullptr;
  long long seconds = std::strtoll(unix_seconds.c_str(), &end, 10);
  if (unix_seconds.empty() || *end != '\0') return "";
  std::time_t when = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S UTC", &utc);
  return text;
}

}  // namespace

RestClient::RestClient(std::string base_url, std::string token)
    : base_url_(std::move(base_url)), token_(std::move(token)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<RestResponse> RestClient::Get(const std::string& url) const {
  Transfer t;
  if (t.curl == nullptr) return MakeError(ExitCode::kInternal, "curl_easy_init failed");
  RestResponse response;
  curl_easy_setopt(t.curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(t.curl, CURLOPT_ERRORBUFFER, t.error);
  // Only HTTP(S), also after redirects (kubectl-migrate/static/absent_features.c).
  curl_easy_setopt(t.curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(t.curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(t.curl, CURLOPT_NOSIGNAL, 1L);
  char* cainfo = nullptr;  // libcurl's compiled-in CA bundle
  if (curl_easy_getinfo(t.curl, CURLINFO_CAINFO, &cainfo) != CURLE_OK) cainfo = nullptr;
  if (std::string bundle = SystemCaBundle(cainfo != nullptr ? cainfo : ""); !bundle.empty()) {
    curl_easy_setopt(t.curl, CURLOPT_CAINFO, bundle.c_str());
  }
  curl_easy_setopt(t.curl, CURLOPT_CONNECTTIMEOUT_MS, 30000L);
  curl_easy_setopt(t.curl, CURLOPT_TIMEOUT_MS, 60000L);
  curl_easy_setopt(t.curl, CURLOPT_ACCEPT_ENCODING, "");
  t.headers = curl_slist_append(t.headers, "Accept: application/vnd.github+json");
  t.headers = curl_slist_append(t.headers, "X-GitHub-Api-Version: 2022-11-28");
  t.headers = curl_slist_append(t.headers, "User-Agent: kubectl-migrate");
  t.headers = curl_slist_append(t.headers, ("Authorization: Bearer " + token_).c_str());
  curl_easy_setopt(t.curl, CURLOPT_HTTPHEADER, t.headers);
  curl_easy_setopt(t.curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(t.curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(t.curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(t.curl, CURLOPT_HEADERDATA, &response);
  CURLcode rc = curl_easy_perform(t.curl);
  if (rc != CURLE_OK) {
    return MakeError(ExitCode::kApiError, "GitHub API GET " + url + ": " +
                                              (t.error[0] != 0 ? t.error : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

std::string NextLink(std::string_view link_header) {
  // <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"
  size_t at = 0;
  while (at < link_header.size()) {
    size_t open = link_header.find('<', at);
    size_t close = link_header.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) return "";
    size_t end = link_header.find(",", close);
    std::string_view params = link_header.substr(
        close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos) {
      return std::string(link_header.substr(open + 1, close - open - 1));
    }
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return "";
}

Error ResponseError(const RestResponse& response, const std::string& what,
                    const std::string& permission) {
  std::string message = GitHubMessage(response.body);
  std::string line = what + ": HTTP " + std::to_string(response.status);
  if (!message.empty()) line += " \"" + message + "\"";
  bool rate_limited =
      response.status == 429 || (response.status == 403 && response.ratelimit_remaining == "0");
  if (rate_limited) {
    std::string reset = ResetTime(response.ratelimit_reset);
    line += ": API rate limit reached" + (reset.empty() ? "" : "; it resets at " + reset);
  } else if (response.status == 401) {
    line +=
        ": the token in GITHUB_TOKEN was refused (expired or revoked); pass the job's "
        "token, GITHUB_TOKEN: ${{ github.token }}";
  } else if (response.status == 403) {
    line += ": the token may not read this; give the job `permissions: " + permission + "`";
  } else if (response.status == 404) {
    line += ": no such run in this repository, or the token cannot see the repository "
            "(`permissions: " + permission + "`)";
  }
  return MakeError(ExitCode::kApiError, line);
}

}  // namespace km::github
