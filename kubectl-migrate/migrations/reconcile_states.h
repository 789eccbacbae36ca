#pragma once
// For the reconcile tests: the state of every status of a reconciliation, in order.
#include <vector>

#include "migrations/reconcile.h"

namespace km::migrations {

inline std::vector<MigrationState> States(const Reconciliation& r) {
  std::vector<MigrationState> states;
  for (const auto& s : r.statuses) states.push_back(s.state);
  return states;
}

}  // namespace km::migrations
