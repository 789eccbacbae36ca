// kubectl-migrate.yaml from a pull request (`lint`, `changed` and `run` in CI read the
// repository's project file): ParseProjectFile, and what it promises about what it
// accepts and how it refuses.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "project/project_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string path = "/repo/kubectl-migrate.yaml";
  auto config = km::project::ParseProjectFile(text, path);
  if (!config) {
    km::fuzz::Check(config.error().code == km::ExitCode::kUsage, "a project file error that is not a usage error");
    km::fuzz::Check(config.error().message.starts_with(path + ":"), "a project file error that does not name the file");
    return 0;
  }
  km::fuzz::Check(config->path == path, "the config does not say which file it came from");
  if (config->migrations) {
    km::fuzz::Check(config->migrations->starts_with("/"), "a migrations folder not resolved against the file's");
  }
  if (config->rollback) {
    for (const auto& target : *config->rollback) {
      km::fuzz::Check(!target.deployment.empty() && target.text.find(target.deployment) != std::string::npos,
                      "a rollback target without its Deployment");
      km::fuzz::Check(!target.revision || *target.revision >= 1, "a rollback revision below 1");
    }
  }
  for (const auto& duration : {config->timeout, config->start_timeout, config->advisory_lock_timeout,
                               config->ddl_lock_timeout, config->ddl_retry_budget, config->statement_timeout}) {
    km::fuzz::Check(!duration || duration->count() >= 0, "a negative duration");
  }
  return 0;
}
