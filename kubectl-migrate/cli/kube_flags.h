#pragma once

#include <memory>
#include <vector>

#include "cli/command.h"
#include "kube/client.h"

namespace km::cli {

// The flags kubectl takes for choosing a cluster: -n/--namespace, --context,
// --kubeconfig, --cluster, --user, --request-timeout.
std::vector<FlagSpec> KubeFlags();

// A client for the cluster those flags (and $KUBECONFIG, ~/.kube/config, in-cluster)
// name. A missing or broken kubeconfig or an unknown context is a usage error.
// Its namespace: -n, else `project_namespace` (the project file's) when not empty, else
// the kubeconfig context's, else "default".
Result<std::unique_ptr<kube::Client>> KubeClientFromFlags(
    const ParsedFlags& flags, const std::string& project_namespace = "");

}  // namespace km::cli
