#pragma once

// The linter's rules: stable ids (never renamed: suppressions and CI
// settings name them), severity, the lock the statement takes and what that
// lock blocks, and a one-line safe alternative.

#include <string>
#include <string_view>
#include <vector>

namespace km::lint {

enum class Severity { kWarning, kError };
const char* SeverityName(Severity severity);

struct Rule {
  std::string_view id;          // "index-not-concurrent"
  Severity severity = Severity::kError;
  std::string_view lock;        // "SHARE", "ACCESS EXCLUSIVE", "" when no lock is the point
  std::string_view blocks;      // "writes for the whole index build"
  std::string_view fix;         // the safe alternative, one line
  bool destructive = false;     // loses data
  bool breaks_rollback = false; // the previous app version fails against the new schema
  std::string_view summary;     // one line for `lint --rules` and the docs
};

// Every rule, in documentation order.
const std::vector<Rule>& Rules();
// The rule with this id; nullptr when there is none.
const Rule* FindRule(std::string_view id);

// Rule ids, spelled once.
namespace rule {
inline constexpr std::string_view kParseError = "parse-error";
inline constexpr std::string_view kIndexNotConcurrent = "index-not-concurrent";
inline constexpr std::string_view kDropIndexNotConcurrent = "drop-index-not-concurrent";
inline constexpr std::string_view kForeignKeyNotValid = "foreign-key-not-valid";
inline constexpr std::string_view kCheckNotValid = "check-not-valid";
inline constexpr std::string_view kValidateSameTransaction = "validate-in-same-transaction";
inline constexpr std::string_view kSetNotNull = "set-not-null";
inline constexpr std::string_view kColumnTypeRewrite = "column-type-rewrite";
inline constexpr std::string_view kVolatileDefault = "volatile-default";
inline constexpr std::string_view kNotNullWithoutDefault = "not-null-without-default";
inline constexpr std::string_view kAddUnique = "add-unique-constraint";
inline constexpr std::string_view kAddPrimaryKey = "add-primary-key";
inline constexpr std::string_view kDropColumn = "drop-column";
inline constexpr std::string_view kDropTable = "drop-table";
inline constexpr std::string_view kTruncate = "truncate";
inline constexpr std::string_view kRenameColumn = "rename-column";
inline constexpr std::string_view kRenameTable = "rename-table";
inline constexpr std::string_view kNonTransactionalWrapped = "non-transactional-in-transaction";
inline constexpr std::string_view kNonTransactionalMixed = "non-transactional-mixed";
inline constexpr std::string_view kTransactionControl = "transaction-control";
inline constexpr std::string_view kEnumValueSameTransaction = "enum-value-in-same-transaction";
}  // namespace rule

}  // namespace km::lint
