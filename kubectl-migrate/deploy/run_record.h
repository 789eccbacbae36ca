#pragma once

#include <string>

#include "deploy/run.h"
#include "records/run_record.h"

namespace km::deploy {

// What `run` knows about a run besides its report: the Job's record labels.
struct RunOrigin {
  std::string app;
  std::string commit;
  std::string schema_version;
  std::string triggered_by;
};

// The run record of a finished `run` (records/), bounded: outcome, exit code, every
// attempt's exit code, the runner's summary and error line, what committed, the
// rollbacks, and the last lines of the last attempt that wrote any. `finished_unix_ms`
// is when `run` ended.
records::RunRecord MakeRunRecord(const RunReport& report, const RunOrigin& origin, int64_t finished_unix_ms);

}  // namespace km::deploy
