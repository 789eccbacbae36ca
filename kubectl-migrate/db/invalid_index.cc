#include "db/invalid_index.h"

namespace km::db {

Result<std::optional<std::string>> FindInvalidIndex(Connection& connection, const std::string& index,
                                                    const std::string& table) {
  auto rows = connection.Exec(R"(
SELECT format('%I.%I', n.nspname, c.relname)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = $1 AND i.indrelid = to_regclass($2) AND NOT i.indisvalid)",
                              {index, table});
  if (!rows) return rows.error().ToError().Wrap("looking for an invalid index " + index + " on " + table);
  if (rows->size() == 0) return std::optional<std::string>();
  return std::optional<std::string>(rows->Get(0, 0));
}

}  // namespace km::db
