#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace km::migrations {

// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON
// [ONLY] table ...` statement builds: a failed or killed build leaves an
// INVALID index of that name behind, to drop before building again.
struct ConcurrentIndexBuild {
  std::string index;  // as PostgreSQL stores it: unquoted, bare names folded to lower case
  std::string table;  // as written ("public"."users", users): usable as a regclass text
};

// The build a statement starts, or nullopt for any other statement or an
// index without a name (PostgreSQL then picks one that cannot be known here).
std::optional<ConcurrentIndexBuild> ParseConcurrentIndexBuild(std::string_view statement);

// True if the statement sets lock_timeout itself (SET [SESSION|LOCAL]
// lock_timeout ...): its own setting then wins over the runner's.
bool SetsLockTimeout(std::string_view statement);

}  // namespace km::migrations
