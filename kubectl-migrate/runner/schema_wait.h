#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "runner/db_status.h"
#include "runner/options.h"
#include "util/result.h"

namespace km::runner {

// What `wait` waits for: every migration of the folder, or those up to and including `up_to`.
struct SchemaWait {
  std::string up_to;  // "" for the whole folder
  std::chrono::milliseconds timeout{300'000};
  std::chrono::milliseconds interval{2'000};
};

// Where the database stands against what is awaited.
struct SchemaProgress {
  std::vector<std::string> missing;  // awaited migrations not applied yet, in folder order
  std::string schema_version;        // the newest awaited migration applied, or ""
  size_t awaited = 0;
};

// From one reading: the awaited migrations the database has not applied yet. An error
// when waiting cannot help: `up_to` is not in the folder (usage), or an awaited migration
// was applied from another file (drifted or ambiguous: the database ran something else;
// validation).
Result<SchemaProgress> AssessSchema(const DatabaseStatus& status, const std::string& up_to);

// Reads the database every `interval` (read only: no lock, no table created) until nothing
// awaited is missing, waiting cannot help, SIGINT/SIGTERM (kInterrupted) or the timeout:
// kTimedOut naming what is still missing, or, when the last reading failed, that error
// (e.g. kDatabaseUnreachable). A database that cannot be read yet is waited for.
// `progress` gets a line each time what is missing (or the reading's error) changes.
Result<SchemaProgress> WaitForSchema(const RunnerOptions& options, const SchemaWait& wait,
                                     const std::function<void(const std::string&)>& progress);

}  // namespace km::runner
