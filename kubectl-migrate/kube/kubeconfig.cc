#include "kube/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "util/files.h"

namespace km::kube {
namespace {

namespace fs = std::filesystem;

Error ConfigError(std::string message) { return MakeError(ExitCode::kUsage, std::move(message)); }

std::optional<std::string> GetEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// One named entry (cluster, user or context) and the file that defined it.
struct Entry {
  YAML::Node node;
  fs::path dir;
  std::string file;
};

// The merge of every kubeconfig file, first definition of each name winning.
struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::vector<std::string> files;
};

// node[key] when node is a mapping, else an undefined node: yaml-cpp throws when a
// scalar is subscripted, and a hostile kubeconfig puts scalars anywhere.
YAML::Node Child(const YAML::Node& node, const char* key) {
  if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return node[key];
}

std::string Scalar(const YAML::Node& node, const char* key) {
  YAML::Node value = Child(node, key);
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

bool BoolScalar(const YAML::Node& node, const char* key) {
  YAML::Node value = Child(node, key);
  return value && value.IsScalar() && value.as<std::string>() == "true";
}

void MergeList(const YAML::Node& list, const char* body_key, const Entry& origin,
               std::map<std::string, Entry>& into) {
  if (!list || !list.IsSequence()) return;
  for (const YAML::Node& item : list) {
    std::string name = Scalar(item, "name");
    if (name.empty() || into.count(name) != 0) continue;
    Entry entry = origin;
    YAML::Node body = Child(item, body_key);
    entry.node = body ? body : YAML::Node(YAML::NodeType::Map);
    into.emplace(name, std::move(entry));
  }
}

Status MergeFile(const std::string& path, Merged& merged) {
  KM_TRY_ASSIGN(std::string text, ReadFile(path, ExitCode::kUsage));
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return ConfigError("kubeconfig " + path + ": " + e.what());
  }
  merged.files.push_back(path);
  if (!root || root.IsNull()) return Ok();
  if (!root.IsMap()) return ConfigError("kubeconfig " + path + ": not a YAML mapping");
  Entry origin{YAML::Node(), fs::absolute(path).parent_path(), path};
  MergeList(Child(root, "clusters"), "cluster", origin, merged.clusters);
  MergeList(Child(root, "users"), "user", origin, merged.users);
  MergeList(Child(root, "contexts"), "context", origin, merged.contexts);
  if (merged.current_context.empty()) merged.current_context = Scalar(root, "current-context");
  return Ok();
}

std::string Resolve(const fs::path& dir, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (dir / path).lexically_normal().string();
}

// `key-data` (base64) into `data`, else `key` (a path) into `file`.
Status ReadPair(const Entry& entry, const char* file_key, const std::string& data_key,
                std::string& data, std::string& file) {
  std::string encoded = Scalar(entry.node, data_key.c_str());
  if (!encoded.empty()) {
    auto decoded = DecodeBase64(encoded);
    if (!decoded) return decoded.error().Wrap("kubeconfig " + entry.file + ": " + data_key);
    data = std::move(decoded).value();
  } else {
    file = Resolve(entry.dir, Scalar(entry.node, file_key));
  }
  return Ok();
}

Result<ExecConfig> ReadExec(const Entry& user) {
  const YAML::Node node = Child(user.node, "exec");
  ExecConfig exec;
  exec.api_version = Scalar(node, "apiVersion");
  exec.command = Scalar(node, "command");
  if (exec.command.find('/') != std::string::npos) exec.command = Resolve(user.dir, exec.command);
  if (YAML::Node args = Child(node, "args"); args && args.IsSequence()) {
    for (const YAML::Node& arg : args) {
      if (!arg.IsScalar()) return ConfigError("kubeconfig " + user.file + ": exec args must be strings");
      exec.args.push_back(arg.Scalar());
    }
  }
  if (YAML::Node env = Child(node, "env"); env && env.IsSequence()) {
    for (const YAML::Node& var : env) {
      exec.env.emplace_back(Scalar(var, "name"), Scalar(var, "value"));
    }
  }
  exec.install_hint = Scalar(node, "installHint");
  exec.interactive_mode = Scalar(node, "interactiveMode");
  exec.provide_cluster_info = BoolScalar(node, "provideClusterInfo");
  if (exec.command.empty()) return ConfigError("kubeconfig " + user.file + ": exec has no command");
  if (exec.api_version.empty()) {
    return ConfigError("kubeconfig " + user.file + ": exec has no apiVersion");
  }
  return exec;
}

Result<RestConfig> FromKubeconfig(const Merged& merged, const ConfigFlags& flags) {
  RestConfig config;
  config.source = merged.files.size() == 1 ? merged.files[0] : "kubeconfig files " + [&] {
    std::string joined;
    for (const auto& file : merged.files) joined += (joined.empty() ? "" : ":") + file;
    return joined;
  }();
  config.context = flags.context.empty() ? merged.current_context : flags.context;
  std::string cluster_name = flags.cluster;
  std::string user_name = flags.user;
  if (!config.context.empty()) {
    auto context = merged.contexts.find(config.context);
    if (context == merged.contexts.end()) {
      return ConfigError("context \"" + config.context + "\" not found in " + config.source);
    }
    if (cluster_name.empty()) cluster_name = Scalar(context->second.node, "cluster");
    if (user_name.empty()) user_name = Scalar(context->second.node, "user");
    config.namespace_ = Scalar(context->second.node, "namespace");
  } else if (cluster_name.empty()) {
    return ConfigError("no current context in " + config.source +
                       ": pass --context or run \"kubectl config use-context NAME\"");
  }
  if (cluster_name.empty()) {
    return ConfigError("context \"" + config.context + "\" names no cluster");
  }
  auto cluster = merged.clusters.find(cluster_name);
  if (cluster == merged.clusters.end()) {
    return ConfigError("cluster \"" + cluster_name + "\" not found in " + config.source);
  }
  const Entry& c = cluster->second;
  config.server = Scalar(c.node, "server");
  while (!config.server.empty() && config.server.back() == '/') config.server.pop_back();
  if (config.server.empty()) return ConfigError("cluster \"" + cluster_name + "\" has no server");
  KM_TRY_STATUS(ReadPair(c, "certificate-authority", "certificate-authority-data", config.ca_data,
                         config.ca_file));
  config.insecure_skip_tls_verify = BoolScalar(c.node, "insecure-skip-tls-verify");
  config.tls_server_name = Scalar(c.node, "tls-server-name");
  config.proxy_url = Scalar(c.node, "proxy-url");

  if (!user_name.empty()) {
    auto user = merged.users.find(user_name);
    if (user == merged.users.end()) {
      return ConfigError("user \"" + user_name + "\" not found in " + config.source);
    }
    const Entry& u = user->second;
    config.token = Scalar(u.node, "token");
    config.token_file = Resolve(u.dir, Scalar(u.node, "tokenFile"));
    KM_TRY_STATUS(ReadPair(u, "client-certificate", "client-certificate-data",
                           config.client_cert_data, config.client_cert_file));
    KM_TRY_STATUS(ReadPair(u, "client-key", "client-key-data", config.client_key_data,
                           config.client_key_file));
    config.username = Scalar(u.node, "username");
    config.password = Scalar(u.node, "password");
    if (Child(u.node, "exec")) {
      KM_TRY_ASSIGN(config.exec, ReadExec(u));
    }
    if (Child(u.node, "auth-provider")) {
      return ConfigError("user \"" + user_name +
                         "\" uses auth-provider, which is no longer supported; use an exec plugin");
    }
  }
  return config;
}

Result<RestConfig> InCluster(const ConfigEnv& env) {
  const std::string& host = *env.service_host;
  std::string server = "https://" +
                       (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                       env.service_port.value_or("443");
  RestConfig config;
  config.server = server;
  config.source = "in-cluster";
  fs::path dir = env.service_account_dir;
  config.token_file = (dir / "token").string();
  config.ca_file = (dir / "ca.crt").string();
  if (!fs::exists(config.token_file)) {
    return ConfigError("in-cluster configuration: " + config.token_file + " does not exist");
  }
  auto ns = ReadFile((dir / "namespace").string(), ExitCode::kUsage);
  if (ns) {
    config.namespace_ = *ns;
    while (!config.namespace_.empty() &&
           std::isspace(static_cast<unsigned char>(config.namespace_.back()))) {
      config.namespace_.pop_back();
    }
  }
  return config;
}

}  // namespace

ConfigEnv ConfigEnv::FromProcess() {
  ConfigEnv env;
  env.kubeconfig = GetEnv("KUBECONFIG");
  env.home = GetEnv("HOME");
  env.service_host = GetEnv("KUBERNETES_SERVICE_HOST");
  env.service_port = GetEnv("KUBERNETES_SERVICE_PORT");
  return env;
}

namespace {

Result<RestConfig> Load(const ConfigFlags& flags, const ConfigEnv& env) {
  Merged merged;
  if (!flags.kubeconfig.empty()) {
    if (!fs::exists(flags.kubeconfig)) {
      return ConfigError("--kubeconfig " + flags.kubeconfig + " does not exist");
    }
    KM_TRY_STATUS(MergeFile(flags.kubeconfig, merged));
  } else if (env.kubeconfig && !env.kubeconfig->empty()) {
    size_t start = 0;
    while (start <= env.kubeconfig->size()) {
      size_t end = env.kubeconfig->find(':', start);
      if (end == std::string::npos) end = env.kubeconfig->size();
      std::string path = env.kubeconfig->substr(start, end - start);
      if (!path.empty() && fs::exists(path)) KM_TRY_STATUS(MergeFile(path, merged));
      start = end + 1;
    }
  } else if (env.home && fs::exists(fs::path(*env.home) / ".kube" / "config")) {
    KM_TRY_STATUS(MergeFile((fs::path(*env.home) / ".kube" / "config").string(), merged));
  }

  RestConfig config;
  bool empty = merged.clusters.empty() && merged.contexts.empty() && merged.users.empty();
  if (empty && flags.kubeconfig.empty() && env.service_host && !env.service_host->empty()) {
    KM_TRY_ASSIGN(config, InCluster(env));
  } else if (merged.files.empty()) {
    return ConfigError(
        "no Kubernetes configuration: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config "
        "or run inside a cluster");
  } else {
    KM_TRY_ASSIGN(config, FromKubeconfig(merged, flags));
  }
  if (!flags.namespace_.empty()) config.namespace_ = flags.namespace_;
  if (config.namespace_.empty()) config.namespace_ = "default";
  config.request_timeout = flags.request_timeout;
  return config;
}

}  // namespace

Result<RestConfig> LoadRestConfig(const ConfigFlags& flags, const ConfigEnv& env) {
  // Backstop: the readers above check node types before use, but a yaml-cpp
  // exception must never escape the adapter (it would end the process).
  try {
    return Load(flags, env);
  } catch (const YAML::Exception& e) {
    return ConfigError(std::string("kubeconfig: ") + e.what());
  }
}

Result<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  bool padding = false;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      value = c - '0' + 52;
    } else if (c == '+') {
      value = 62;
    } else if (c == '/') {
      value = 63;
    } else if (c == '=') {
      padding = true;
      continue;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      continue;
    } else {
      return ConfigError("invalid base64 character '" + std::string(1, c) + "'");
    }
    if (padding) return ConfigError("invalid base64: data after '='");
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return ConfigError("invalid base64: truncated");
  return out;
}

}  // namespace km::kube
