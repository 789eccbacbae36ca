#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "records/run_record.h"

namespace km::records {

// One record for a person (`kubectl migrate logs`): the outcome line, where it came
// from, the runner's error, each attempt's exit code, what committed, the rollbacks,
// then the kept log lines under "==> pod/NAME (last N lines) <==".
std::string RecordText(const RunRecord& record);

// The newest `limit` records as a table (`status`):
// FINISHED  JOB  OUTCOME  EXIT  ATTEMPTS  ERROR.
void PrintRecordTable(const std::vector<RunRecord>& history, size_t limit, std::ostream& out);

}  // namespace km::records
