#include "kube/exec_credential.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <vector>

#include "kube/json.h"

extern char** environ;

namespace km::kube {
namespace {

Error AuthError(std::string message) { return MakeError(ExitCode::kApiError, std::move(message)); }

std::string ExecInfo(const RestConfig& config) {
  const ExecConfig& exec = *config.exec;
  bool interactive = exec.interactive_mode != "Never" && isatty(STDIN_FILENO) == 1;
  std::string json =
      "{\"apiVersion\":" + QuoteJson(exec.api_version) +
      ",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":" + (interactive ? "true" : "false");
  if (exec.provide_cluster_info) {
    json += ",\"cluster\":{\"server\":" + QuoteJson(config.server);
    if (!config.tls_server_name.empty()) {
      json += ",\"tls-server-name\":" + QuoteJson(config.tls_server_name);
    }
    if (config.insecure_skip_tls_verify) json += ",\"insecure-skip-tls-verify\":true";
    if (!config.proxy_url.empty()) json += ",\"proxy-url\":" + QuoteJson(config.proxy_url);
    json += "}";
  }
  return json + "}}";
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  std::tm tm{};
  int fraction_end = 0;
  std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &fraction_end) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t pos = static_cast<size_t>(fraction_end);
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  long offset = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int hours = 0, minutes = 0;
    if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
    offset = (s[pos] == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
  } else if (pos >= s.size() || (s[pos] != 'Z' && s[pos] != 'z')) {
    return std::nullopt;
  }
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 ||
      tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  // system_clock counts nanoseconds in 64 bits: years before 1678 or after 2261 overflow it.
  constexpr int64_t kMaxSeconds = INT64_MAX / 1'000'000'000;
  int64_t seconds = static_cast<int64_t>(timegm(&tm)) - offset;
  if (seconds > kMaxSeconds || seconds < -kMaxSeconds) return std::nullopt;
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

Result<Credential> ParseExecCredential(std::string_view json, std::string_view api_version) {
  KM_TRY_ASSIGN(JsonDoc doc, ParseJson(json, "exec plugin output"));
  std::string got = StringAt(doc, {"apiVersion"});
  if (StringAt(doc, {"kind"}) != "ExecCredential") {
    return AuthError("exec plugin output is not an ExecCredential");
  }
  if (got != api_version) {
    return AuthError("exec plugin returned apiVersion " + got + ", configured " +
                     std::string(api_version));
  }
  Credential credential;
  credential.token = StringAt(doc, {"status", "token"});
  credential.client_cert_data = StringAt(doc, {"status", "clientCertificateData"});
  credential.client_key_data = StringAt(doc, {"status", "clientKeyData"});
  if (credential.token.empty() &&
      (credential.client_cert_data.empty() || credential.client_key_data.empty())) {
    return AuthError("exec plugin returned neither status.token nor a client certificate and key");
  }
  std::string expiry = StringAt(doc, {"status", "expirationTimestamp"});
  if (!expiry.empty()) {
    credential.expiry = ParseRfc3339(expiry);
    if (!credential.expiry) return AuthError("exec plugin: bad expirationTimestamp " + expiry);
  }
  return credential;
}

Result<Credential> RunExecPlugin(const RestConfig& config) {
  const ExecConfig& exec = *config.exec;
  std::string what = "exec plugin " + exec.command;
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& [name, value] : exec.env) env_strings.push_back(name + "=" + value);
  env_strings.push_back("KUBERNETES_EXEC_INFO=" + ExecInfo(config));
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> arg_strings{exec.command};
  arg_strings.insert(arg_strings.end(), exec.args.begin(), exec.args.end());
  std::vector<char*> argv;
  for (auto& s : arg_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return AuthError(what + ": pipe: " + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (exec.interactive_mode == "Never" || isatty(STDIN_FILENO) != 1) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, exec.command.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    std::string message = what + ": " + std::strerror(rc);
    if (!exec.install_hint.empty()) message += "\n" + exec.install_hint;
    return AuthError(message);
  }
  std::string output;
  char buffer[4096];
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof buffer)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return AuthError(what + " failed (" +
                     (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                        : std::string("killed by a signal")) +
                     ")");
  }
  auto credential = ParseExecCredential(output, exec.api_version);
  if (!credential) return credential.error().Wrap(what);
  return credential;
}

}  // namespace km::kube
