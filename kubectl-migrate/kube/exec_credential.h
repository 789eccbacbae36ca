#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "kube/kubeconfig.h"
#include "util/result.h"

namespace km::kube {

// What a client.authentication.k8s.io credential plugin returned.
struct Credential {
  std::string token;
  std::string client_cert_data;  // PEM
  std::string client_key_data;   // PEM
  std::optional<std::chrono::system_clock::time_point> expiry;

  bool Expired(std::chrono::system_clock::time_point now) const {
    return expiry && now + std::chrono::seconds(10) >= *expiry;
  }
};

// Parses the plugin's stdout, an ExecCredential of `api_version`.
Result<Credential> ParseExecCredential(std::string_view json, std::string_view api_version);

// Runs the plugin of `config` with KUBERNETES_EXEC_INFO set, stderr passed through,
// and returns its credential. Errors carry the plugin's install hint.
Result<Credential> RunExecPlugin(const RestConfig& config);

// Parses "2024-01-02T03:04:05Z" (fraction and offset allowed) as RFC 3339.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace km::kube
