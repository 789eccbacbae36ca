#pragma once

#include <optional>
#include <string>

#include "deploy/run.h"

namespace km::deploy {

// The machine-readable summary `run -o json` prints on stdout at the end: job,
// namespace, outcome, attempts (pod, exit code, duration), the runner's summary
// metrics, rollback results and the exit code.
std::string RunReportJson(const RunReport& report);

// How many migrations the Job committed, over all its attempts: the distinct tags of the
// runner's migration_applied events. Not the last summary's `applied`: an attempt that
// committed and then failed (evicted, cut off from the database) is followed by one that
// finds nothing to do. nullopt when no runner line was read at all (logs not readable).
std::optional<size_t> MigrationsApplied(const RunReport& report);

// One line per attempt and rollback for a person: "attempt 1: pod x exited 1 after 2.1s".
std::string RunReportText(const RunReport& report);

// Milliseconds between two RFC 3339 times, or -1 when either is missing.
int64_t MillisBetween(const std::string& from, const std::string& to);

}  // namespace km::deploy
