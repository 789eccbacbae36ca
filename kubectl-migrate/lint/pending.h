#pragma once

// Which migrations a lint run treats as pending: those the database has not
// applied (--database-url), or those a Git range adds (--base, as
// `kubectl migrate changed` computes it).

#include <set>
#include <string>

#include "db/history_table.h"
#include "git/revision_range.h"
#include "migrations/migration_set.h"
#include "util/result.h"

namespace km::lint {

// Tags not applied yet: pending and out-of-order ones. Reads only.
Result<std::set<std::string>> PendingInDatabase(const migrations::MigrationSet& set,
                                                const std::string& database_url,
                                                const db::HistoryTable& table);

// Tags the journal of `dir` gains in a Git range (base, head, default branch
// as `kubectl migrate changed` takes them).
Result<std::set<std::string>> AddedInGitRange(const std::string& dir,
                                              const git::RangeRequest& range);

}  // namespace km::lint
