#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace km::migrations {

// Drizzle Kit's separator between statements in a migration file.
inline constexpr std::string_view kStatementBreakpoint = "--> statement-breakpoint";

// A directive comment that makes a migration run outside a transaction,
// statement by statement: a line that reads exactly this (spaces around are ok).
inline constexpr std::string_view kNoTransactionDirective = "-- kubectl-migrate:no-transaction";

// Splits a migration file the way drizzle-orm does (plain split on the
// breakpoint marker), dropping chunks that hold only whitespace and comments.
std::vector<std::string> SplitStatements(std::string_view sql);

// The first `count` words of a statement, upper-cased, skipping comments
// (-- and nested /* */), string literals ('…', E'…', $tag$…$tag$) and quoted
// identifiers ("…"). Used to recognise statements by their keywords.
std::vector<std::string> LeadingKeywords(std::string_view statement, size_t count);

// Why this statement cannot run inside a transaction block, or "" if it can.
// E.g. "CREATE INDEX CONCURRENTLY cannot run inside a transaction block".
std::string NoTransactionReason(std::string_view statement);

// True if the file carries kNoTransactionDirective on a line of its own.
bool HasNoTransactionDirective(std::string_view sql);

}  // namespace km::migrations
