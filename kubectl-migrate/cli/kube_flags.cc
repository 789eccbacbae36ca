#include "cli/kube_flags.h"

namespace km::cli {

std::vector<FlagSpec> KubeFlags() {
  return {
      {"namespace", 'n', FlagKind::kString, "NAME",
       "Namespace (default: the kubeconfig context's, else \"default\")", ""},
      {"context", 0, FlagKind::kString, "NAME", "kubeconfig context to use", ""},
      {"kubeconfig", 0, FlagKind::kString, "FILE",
       "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster)", ""},
      {"cluster", 0, FlagKind::kString, "NAME",
       "kubeconfig cluster to use instead of the context's", ""},
      {"user", 0, FlagKind::kString, "NAME", "kubeconfig user to use instead of the context's", ""},
      {"request-timeout", 0, FlagKind::kDuration, "DURATION",
       "Timeout of each single API request, not of watches (0: none)", "0"},
  };
}

Result<std::unique_ptr<kube::Client>> KubeClientFromFlags(const ParsedFlags& flags,
                                                          const std::string& project_namespace) {
  kube::ConfigFlags config_flags;
  config_flags.kubeconfig = flags.String("kubeconfig");
  config_flags.context = flags.String("context");
  config_flags.cluster = flags.String("cluster");
  config_flags.user = flags.String("user");
  config_flags.namespace_ = flags.String("namespace");
  if (!flags.Has("namespace") && !project_namespace.empty()) {
    config_flags.namespace_ = project_namespace;
  }
  config_flags.request_timeout = flags.Duration("request-timeout");
  KM_TRY_ASSIGN(kube::RestConfig config,
                kube::LoadRestConfig(config_flags, kube::ConfigEnv::FromProcess()));
  return std::make_unique<kube::Client>(std::move(config));
}

}  // namespace km::cli
