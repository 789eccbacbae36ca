#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "kube/json.h"
#include "util/result.h"

namespace km::deploy {

// The API server refuses a ConfigMap whose keys and values add up to more than this.
constexpr size_t kMaxConfigMapBytes = 1024 * 1024;

// A local Drizzle Kit migrations folder packed into one immutable ConfigMap for the Job.
struct MigrationsBundle {
  kube::JsonDoc configmap;
  // key → relative path, for the configMap volume's `items` ("meta._journal.json" →
  // "meta/_journal.json"), so the pod sees the folder's layout.
  std::vector<std::pair<std::string, std::string>> items;
  std::string schema_version;  // the last migration's tag; "" when there is none
  size_t bytes = 0;            // keys + values, as the API server counts them
};

// "meta/_journal.json" → "meta._journal.json". Errors when the result is no valid
// ConfigMap key ([-._a-zA-Z0-9]+, at most 253 characters).
Result<std::string> ConfigMapKey(const std::string& relative_path);

// Reads meta/_journal.json and every <tag>.sql it names, or for Drizzle Kit v1 every
// <YYYYMMDDhhmmss>_<name>/migration.sql (validated as the runner does; key
// "<folder>.migration.sql", item path "<folder>/migration.sql", so the volume
// recreates the folders in the pod); snapshots are not needed to apply. Builds the ConfigMap `name`: UTF-8 files as data, others as binaryData.
// A folder past kMaxConfigMapBytes is a usage error saying by how much, before
// anything is created; a broken journal or a missing file is a validation error.
Result<MigrationsBundle> BundleMigrations(const std::string& dir, const std::string& name);

}  // namespace km::deploy
