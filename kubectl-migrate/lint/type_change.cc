#include "lint/type_change.h"

namespace km::lint {
namespace {

bool IsString(const std::string& name) { return name == "varchar" || name == "text"; }

// A length limit that is absent (unbounded) or at least `old_limit`.
bool Widens(const std::vector<int>& from, const std::vector<int>& to) {
  if (to.empty()) return true;
  if (from.empty()) return false;
  return to[0] >= from[0];
}

bool NumericWidens(const std::vector<int>& from, const std::vector<int>& to) {
  if (to.empty()) return true;
  if (from.empty()) return false;
  int from_scale = from.size() > 1 ? from[1] : 0;
  int to_scale = to.size() > 1 ? to[1] : 0;
  return to_scale == from_scale && to[0] >= from[0];
}

}  // namespace

std::string RewriteReason(const ColumnType& from, const ColumnType& to) {
  if (from.array != to.array) return "changes between an array and a scalar type";
  if (from.name == to.name && from.mods == to.mods) return "";
  if (IsString(from.name) && IsString(to.name)) {
    if (to.name == "text") return "";
    if (from.name == "text") {
      return to.mods.empty() ? "" : "a length limit on text is checked by rewriting every row";
    }
    return Widens(from.mods, to.mods) ? "" : "a shorter varchar is checked by rewriting every row";
  }
  if (from.name == "numeric" && to.name == "numeric") {
    return NumericWidens(from.mods, to.mods) ? ""
                                             : "a smaller precision or another scale rewrites";
  }
  if (from.name == "varbit" && to.name == "varbit") {
    return Widens(from.mods, to.mods) ? "" : "a shorter bit varying rewrites";
  }
  if (from.name == "cidr" && to.name == "inet") return "";
  if ((from.name == "timestamp" && to.name == "timestamptz") ||
      (from.name == "timestamptz" && to.name == "timestamp")) {
    return from.Display() + " to " + to.Display() +
           " rewrites unless the session time zone is UTC";
  }
  return from.Display() + " to " + to.Display() + " is not binary-compatible";
}

}  // namespace km::lint
