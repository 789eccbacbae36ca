#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace km::kube {

// The flags kubectl takes for choosing a cluster, as the plugin parsed them.
struct ConfigFlags {
  std::string kubeconfig;                        // --kubeconfig: must exist when given
  std::string context;                           // --context
  std::string cluster;                           // --cluster: overrides the context's cluster
  std::string user;                              // --user: overrides the context's user
  std::string namespace_;                        // -n/--namespace
  std::chrono::milliseconds request_timeout{0};  // --request-timeout; 0: none
};

// What the loader reads from the process environment; tests pass their own.
struct ConfigEnv {
  std::optional<std::string> kubeconfig;    // $KUBECONFIG
  std::optional<std::string> home;          // $HOME
  std::optional<std::string> service_host;  // $KUBERNETES_SERVICE_HOST
  std::optional<std::string> service_port;  // $KUBERNETES_SERVICE_PORT
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";

  static ConfigEnv FromProcess();
};

// users[].user.exec: a client.authentication.k8s.io credential plugin.
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  std::string interactive_mode;  // Never, IfAvailable, Always
  bool provide_cluster_info = false;
};

// Everything needed to reach and authenticate to one API server. Inline `-data`
// fields are decoded (PEM bytes); file fields are absolute paths.
struct RestConfig {
  std::string server;  // https://host:port, no trailing slash
  std::string ca_data;
  std::string ca_file;
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;

  std::string token;
  std::string token_file;  // re-read on each request: in-cluster tokens rotate
  std::string client_cert_data;
  std::string client_cert_file;
  std::string client_key_data;
  std::string client_key_file;
  std::string username;
  std::string password;
  std::optional<ExecConfig> exec;

  std::string namespace_;  // -n, else the context's, else "default"
  std::string context;     // the context used; "" in-cluster
  std::string source;      // where it came from, for messages: a path or "in-cluster"
  std::chrono::milliseconds request_timeout{0};
};

// Resolves the configuration the way kubectl does: --kubeconfig, else the files in
// $KUBECONFIG (':'-separated, first definition of a name wins, first current-context
// wins), else ~/.kube/config, else the in-cluster service account. Relative paths
// resolve against the file that names them. Errors are usage errors.
Result<RestConfig> LoadRestConfig(const ConfigFlags& flags, const ConfigEnv& env);

// Decodes standard base64 (padding optional, whitespace ignored).
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace km::kube
