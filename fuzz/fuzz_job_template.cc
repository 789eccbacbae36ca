// A --manifest Job template from the user's repository, loaded and then merged
// with every setting `run` can apply (ConfigMaps, Secret, mount, labels, ...).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "deploy/job_template.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static km::fuzz::ScratchFile file("job.yaml");
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto job_template = km::deploy::LoadJobTemplate(file.Write(yaml));
  if (!job_template) return 0;

  km::deploy::JobSettings settings;
  settings.name = "migrate-fuzz";
  settings.namespace_ = "apps";
  settings.image = "runner:1";
  settings.command = {"kubectl-migrate", "apply"};
  settings.service_account = "migrator";
  settings.backoff_limit = 2;
  settings.ttl_seconds = 600;
  settings.active_deadline_seconds = 900;
  settings.env_configmap = "db-env";
  settings.env_secret = "db-secret";
  settings.migrations_configmap = "migrations-fuzz";
  settings.migrations_items = {{"journal", "meta/_journal.json"}, {"m0", "0000_a.sql"}};
  settings.labels = {{"app.kubernetes.io/name", "kubectl-migrate"}};
  settings.annotations = {{"kubectl-migrate/commit", "abc"}};
  auto job = km::deploy::BuildJob(*job_template, settings);
  if (job) {
    km::fuzz::Check(km::kube::StringAt(*job, {"metadata", "name"}) == "migrate-fuzz",
                    "the Job lost its name");
  }
  (void)km::deploy::ToLabelValue(yaml);
  return 0;
}
