#pragma once

#include <memory>
#include <vector>

#include "cli/command.h"
#include "project/project_file.h"
#include "runner/events.h"
#include "runner/options.h"

namespace km::cli {

// Flags every database command takes: --dir, --database-url,
// --migrations-schema, --migrations-table, --lock-id, -o.
std::vector<FlagSpec> DatabaseFlags();
// Adds --tx-mode, --out-of-order and --allow-out-of-order (apply, plan).
std::vector<FlagSpec> SelectionFlags();
// --upgrade-history-table (apply, baseline).
std::vector<FlagSpec> HistoryTableFlags();

// --out-of-order (or --allow-out-of-order) as a value; a usage error otherwise.
Result<runner::OutOfOrder> OutOfOrderFromFlags(const ParsedFlags& flags);

// Options from flags, with DATABASE_URL as the fallback for --database-url, and the
// project file's migrations folder and history table where --dir, --migrations-schema
// and --migrations-table were not given. A missing database is a usage error.
Result<runner::RunnerOptions> RunnerOptionsFromFlags(const ParsedFlags& flags,
                                                     const project::ProjectConfig& project);
// The same with the project file of these flags (ProjectConfigFromFlags): a broken
// file is a usage error.
Result<runner::RunnerOptions> RunnerOptionsFromFlags(const ParsedFlags& flags);

// --tx-mode as a value; anything else is a usage error.
Result<runner::TxMode> TxModeFromFlags(const ParsedFlags& flags);

// Events as JSON lines (-o json, the default when stdout is not a terminal)
// or readable text (-o text, the default on a terminal).
Result<std::unique_ptr<runner::EventSink>> MakeEventSink(const ParsedFlags& flags, Io& io);

template <class... Lists>
std::vector<FlagSpec> Concat(std::vector<FlagSpec> first, const Lists&... rest) {
  (first.insert(first.end(), rest.begin(), rest.end()), ...);
  return first;
}

}  // namespace km::cli
