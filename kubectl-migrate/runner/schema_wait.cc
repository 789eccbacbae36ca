#include "runner/schema_wait.h"

#include <algorithm>

#include "db/interrupt.h"
#include "util/clock.h"
#include "util/duration.h"
#include "util/strings.h"

namespace km::runner {
namespace {

using migrations::MigrationState;

std::string Describe(const SchemaProgress& progress) {
  return "waiting for " + std::to_string(progress.missing.size()) + " of " +
         std::to_string(progress.awaited) + " migration(s): " + Join(progress.missing);
}

}  // namespace

Result<SchemaProgress> AssessSchema(const DatabaseStatus& status, const std::string& up_to) {
  const auto& statuses = status.reconciliation.statuses;
  size_t end = statuses.size();
  if (!up_to.empty()) {
    auto found = std::find_if(statuses.begin(), statuses.end(),
                              [&](const auto& s) { return s.migration->tag == up_to; });
    if (found == statuses.end()) {
      return MakeError(ExitCode::kUsage, "--schema-version " + up_to + ": no such migration in " +
                                             status.set.Source());
    }
    end = static_cast<size_t>(found - statuses.begin()) + 1;
  }
  SchemaProgress progress;
  progress.awaited = end;
  for (size_t i = 0; i < end; ++i) {
    const auto& s = statuses[i];
    if (s.state == MigrationState::kDrifted || s.state == MigrationState::kAmbiguous) {
      return MakeError(
          ExitCode::kValidation,
          s.migration->tag + " is " + migrations::StateName(s.state) + " in " + status.table +
              ": the database applied another version of " + s.migration->path +
              ", so this folder's schema will never be there (kubectl migrate status shows it)");
    }
    if (s.state == MigrationState::kApplied) {
      progress.schema_version = s.migration->tag;
    } else {
      progress.missing.push_back(s.migration->tag);
    }
  }
  return progress;
}

Result<SchemaProgress> WaitForSchema(const RunnerOptions& options, const SchemaWait& wait,
                                     const std::function<void(const std::string&)>& progress) {
  const auto deadline = SteadyClock::now() + wait.timeout;
  std::string said;
  auto say = [&](const std::string& line) {
    if (line != said && progress) progress(line);
    said = line;
  };
  for (;;) {
    auto status = ReadDatabaseStatus(options);
    if (status) {
      KM_TRY_ASSIGN(auto now, AssessSchema(*status, wait.up_to));
      if (now.missing.empty()) return now;
      say(Describe(now));
      if (SteadyClock::now() >= deadline) {
        return MakeError(ExitCode::kTimedOut, "timed out after " + FormatDuration(wait.timeout) +
                                                  " " + Describe(now) + " (in " + status->table +
                                                  ")");
      }
    } else if (status.error().code == ExitCode::kValidation ||
               status.error().code == ExitCode::kUsage) {
      return Error(status.error());  // the folder itself: reading again will not change it
    } else {
      say("cannot read the database yet: " + status.error().message);
      if (SteadyClock::now() >= deadline) {
        return Error(status.error())
            .Wrap("timed out after " + FormatDuration(wait.timeout) + " waiting for the schema");
      }
    }
    db::InterruptibleSleep(
        std::min(wait.interval, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    deadline - SteadyClock::now() + std::chrono::milliseconds(1))));
    if (db::Interrupted()) return MakeError(ExitCode::kInterrupted, "interrupted while " + said);
  }
}

}  // namespace km::runner
