#pragma once

// The project file, kubectl-migrate.yaml: a repository's defaults for every command
// (app, namespace, migrations folder, rollback Deployments, image, env Secret/ConfigMap,
// history table, timeouts, runner settings), so `kubectl migrate run -n yomu` needs no
// other flag. Flags override it. Schema: docs/project-file.md.
//
// This is the adapter for the file: yaml-cpp's exceptions stop here, and every problem
// is one usage error "FILE:LINE:COLUMN: KEY: what is wrong".

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace km::project {

inline constexpr std::string_view kFileName = "kubectl-migrate.yaml";
inline constexpr int kVersion = 1;  // the `version:` this build reads

// One `rollback:` entry.
struct RollbackTarget {
  std::string text;                 // as written ("deployment/yomu-api@4"): what --rollback takes
  std::string deployment;           // "yomu-api"
  std::optional<int64_t> revision;  // 4; nullopt without "@REVISION"
};

// Every member is nullopt when the file does not set it.
struct ProjectConfig {
  std::string path;  // the file these values came from; empty when there is none

  std::optional<std::string> app;
  std::optional<std::string> namespace_;
  std::optional<std::string> migrations;  // a relative folder is resolved against the file's folder
  std::optional<std::vector<RollbackTarget>> rollback;
  std::optional<std::string> image;
  std::optional<std::string> env_secret;
  std::optional<std::string> env_configmap;
  std::optional<std::string> service_account;
  std::optional<std::string> history_schema;  // history: {schema, table}
  std::optional<std::string> history_table;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<std::chrono::milliseconds> start_timeout;
  // The runner's settings (apply in the Job, or locally).
  std::optional<std::chrono::milliseconds> advisory_lock_timeout;
  std::optional<std::chrono::milliseconds> ddl_lock_timeout;
  std::optional<std::chrono::milliseconds> ddl_retry_budget;
  std::optional<std::chrono::milliseconds> statement_timeout;
};

struct ProjectFile {
  std::string path;  // absolute
};

// kubectl-migrate.yaml in `start_dir` (empty: the working directory) or the nearest
// folder above it, looking like git does for .git: stops after the filesystem root, and
// after a folder that holds .git (a directory, or a file in worktrees and submodules),
// so a repository never picks up a file from outside it. Unreadable folders count as
// not holding it. nullopt when there is none; an error only when `start_dir` cannot be
// made absolute.
Result<std::optional<ProjectFile>> FindProjectFile(const std::string& start_dir);

// Reads and checks the file at `path`. A missing or unreadable file, broken YAML, an
// unknown key, a wrong type, a bad duration, a bad rollback entry or a missing or
// unsupported `version` is one usage error naming the file, line, column and key.
Result<ProjectConfig> LoadProjectFile(const std::string& path);

// LoadProjectFile without the reading: `text` is the file's content, `path` names it in
// errors and is where a relative `migrations` folder is resolved from.
Result<ProjectConfig> ParseProjectFile(std::string_view text, const std::string& path);

// The configuration a command uses: with `config_path` (--config FILE) that file, which
// must exist, or none at all when it is empty (--config ""); otherwise the file
// FindProjectFile(start_dir) finds. An empty ProjectConfig (path "") when there is none.
Result<ProjectConfig> LoadProject(const std::optional<std::string>& config_path,
                                  const std::string& start_dir);

}  // namespace km::project
