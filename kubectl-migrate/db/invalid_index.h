#pragma once

#include <optional>
#include <string>

#include "db/connection.h"
#include "util/result.h"

namespace km::db {

// The schema-qualified, quoted name of an INVALID index called `index` on
// `table` (pg_index.indisvalid = false: what a failed or killed CREATE INDEX
// CONCURRENTLY leaves behind), or nullopt if there is none.
Result<std::optional<std::string>> FindInvalidIndex(Connection& connection, const std::string& index,
                                                    const std::string& table);

}  // namespace km::db
