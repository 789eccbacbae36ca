#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace km {

// DNS-1123 subdomain: what the API server takes as a Deployment, Secret, ConfigMap or
// ServiceAccount name.
bool IsDnsSubdomain(std::string_view name);

// DNS-1123 label: a namespace name.
bool IsDnsLabel(std::string_view name);

// A Deployment named as kubectl does, with the revision to return it to.
struct DeploymentRef {
  std::string name;                 // "yomu-api"
  std::optional<int64_t> revision;  // 4 for "deployment/yomu-api@4"; nullopt without "@REVISION"
};

// deployment/NAME or deployment/NAME@REVISION, with kubectl's spellings of the kind
// (deploy/, deployments/, deployment.apps/, deployments.apps/). The one grammar for
// --rollback and the project file's rollback list. The error (a usage error) says
// only what is wrong, e.g. "only Deployments are rolled back, not service"; callers
// say where.
Result<DeploymentRef> ParseDeploymentRef(std::string_view text);

}  // namespace km
