#include "util/kube_names.h"

#include <algorithm>
#include <charconv>

namespace km {

bool IsDnsSubdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-' || c == '.'; });
}

bool IsDnsLabel(std::string_view name) {
  return name.size() <= 63 && IsDnsSubdomain(name) && name.find('.') == std::string_view::npos;
}

Result<DeploymentRef> ParseDeploymentRef(std::string_view text) {
  auto fail = [](std::string why) { return MakeError(ExitCode::kUsage, std::move(why)); };
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return fail("no deployment/ in front");
  std::string_view kind = text.substr(0, slash);
  if (kind != "deployment" && kind != "deployments" && kind != "deploy" && kind != "deployment.apps" &&
      kind != "deployments.apps") {
    return fail("only Deployments are rolled back, not " + std::string(kind));
  }
  std::string_view rest = text.substr(slash + 1);
  size_t at = rest.find('@');
  DeploymentRef ref{std::string(rest.substr(0, at)), std::nullopt};
  if (at != std::string_view::npos) {
    std::string_view revision = rest.substr(at + 1);
    int64_t number = 0;
    auto [end, ec] = std::from_chars(revision.data(), revision.data() + revision.size(), number);
    if (revision.empty() || ec != std::errc() || end != revision.data() + revision.size() || number < 1) {
      return fail("the revision must be a number from 1 up, not \"" + std::string(revision) + "\"");
    }
    ref.revision = number;
  }
  if (!IsDnsSubdomain(ref.name)) return fail("\"" + ref.name + "\" is not a Deployment name");
  return ref;
}

}  // namespace km
