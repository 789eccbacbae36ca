#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace km::migrations {

// Drizzle Kit's separator between statements in a migration file.
inline constexpr std::string_view kStatementBreakpoint = "--> statement-breakpoint";

// A directive comment that makes a migration run outside a transaction,
// statement by statement: a top-level `--` comment (not inside a literal, a
// dollar-quoted body or a block comment) on a line of its own that reads
// exactly this (spaces around are ok).
inline constexpr std::string_view kNoTransactionDirective = "-- kubectl-migrate:no-transaction";

// One chunk of a migration file: the text between two breakpoint markers,
// which is sent to the server as one query.
struct Chunk {
  size_t offset = 0;  // byte offset of `text` in the file
  std::string text;
};

// Splits a migration file the way drizzle-orm does (plain split on the
// breakpoint marker), dropping chunks that hold only whitespace and comments.
std::vector<Chunk> SplitChunks(std::string_view sql);

// SplitChunks without the offsets.
std::vector<std::string> SplitStatements(std::string_view sql);

// The top-level SQL statements of a chunk: split on `;` outside comments,
// string literals, quoted identifiers, dollar-quoted bodies and parentheses.
// Statements holding only whitespace and comments are left out. The views
// point into `chunk`; each keeps its `;`.
std::vector<std::string_view> TopLevelStatements(std::string_view chunk);

// The first `count` words of a statement, upper-cased, skipping comments
// (-- and nested /* */), string literals ('…', E'…', $tag$…$tag$) and quoted
// identifiers ("…"). Used to recognise statements by their keywords.
std::vector<std::string> LeadingKeywords(std::string_view statement, size_t count);

// Why this statement cannot run inside a transaction block, or "" if it can.
// E.g. "CREATE INDEX CONCURRENTLY cannot run inside a transaction block".
// Looks at the first statement of the text only: see ChunkNoTransactionReason.
std::string NoTransactionReason(std::string_view statement);

// NoTransactionReason of every top-level statement of a chunk ("" if none
// needs to run outside a transaction). A validation error when such a
// statement shares the chunk with other statements: PostgreSQL runs a query
// of several statements as one transaction block, so it would fail anyway.
Result<std::string> ChunkNoTransactionReason(std::string_view chunk);

// True if the file carries kNoTransactionDirective as a top-level comment on
// a line of its own, in any chunk (comment-only ones included).
bool HasNoTransactionDirective(std::string_view sql);

}  // namespace km::migrations
