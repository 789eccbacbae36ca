#pragma once

// The table locks a statement takes, as PostgreSQL 15 documents them
// ("Explicit Locking" and each command's page): what `plan` shows next to
// each statement, whether or not the table is new.

#include <string>
#include <string_view>

namespace km::lint {

// "SHARE on users", "SHARE ROW EXCLUSIVE on sessions, users",
// "ACCESS EXCLUSIVE on users; SHARE on users" for a chunk of two statements;
// "" when the statement locks no existing table (CREATE TABLE, CREATE TYPE,
// SELECT, ...) or does not parse.
std::string LockSummary(std::string_view sql);

}  // namespace km::lint
