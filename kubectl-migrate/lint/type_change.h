#pragma once

// Which column type changes make PostgreSQL rewrite the table (and rebuild
// its indexes) under ACCESS EXCLUSIVE, and which only touch the catalog.

#include <string>

#include "lint/node.h"

namespace km::lint {

// "" when changing `from` to `to` needs no rewrite (binary-coercible
// widening: varchar(n) → varchar(m ≥ n) / varchar / text, text → varchar,
// numeric(p,s) → numeric(q ≥ p,s) / numeric, varbit(n) → varbit(m ≥ n),
// cidr → inet, or no change at all); otherwise why it rewrites.
std::string RewriteReason(const ColumnType& from, const ColumnType& to);

}  // namespace km::lint
