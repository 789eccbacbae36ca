// bench/lint/corpus: real drizzle-kit output, one migration per case. Each is
// linted as the migration being deployed (the ones before it applied): every
// dangerous case gets exactly its rule, every safe twin nothing. The same
// expectations as bench/lint/bench_lint.py, which also runs squawk on them.
#include <gtest/gtest.h>

#include <map>

#include "lint/lint_test_support.h"

namespace km::lint::testing {
namespace {

struct Case {
  std::string rule;  // "" for a safe twin
  int pending = 1;   // migrations deployed together, this one included
};

const std::map<std::string, Case>& Expected() {
  static const std::map<std::string, Case> kCases = {
      {"index_existing", {"index-not-concurrent"}},
      {"new_table_fk_index", {""}},
      {"fk_existing", {"foreign-key-not-valid"}},
      {"set_not_null", {"set-not-null"}},
      {"type_rewrite", {"column-type-rewrite"}},
      {"type_widen", {""}},
      {"volatile_default", {"volatile-default"}},
      {"constant_default", {""}},
      {"not_null_no_default", {"not-null-without-default"}},
      {"unique_existing", {"add-unique-constraint"}},
      {"check_existing", {"check-not-valid"}},
      {"drop_index", {"drop-index-not-concurrent"}},
      {"drop_column", {"drop-column"}},
      {"drop_table", {"drop-table"}},
      {"new_table", {""}},
      {"index_fk_on_pending_table", {"", 2}},
      {"enum_column", {""}},
      {"enum_value_same_tx", {"enum-value-in-same-transaction"}},
      {"index_concurrently", {""}},
      {"fk_not_valid", {""}},
      {"validate_later", {""}},
      {"validate_same_tx", {"validate-in-same-transaction"}},
      {"not_null_check", {""}},
      {"not_null_check_validate", {""}},
      {"not_null_after_check", {""}},
      {"unique_index_concurrently", {""}},
      {"unique_using_index", {""}},
      {"concurrently_mixed", {"non-transactional-mixed"}},
      {"transaction_control", {"transaction-control"}},
      {"rename_column", {"rename-column"}},
      {"rename_table", {"rename-table"}},
      {"truncate", {"truncate"}},
      {"parse_error", {"parse-error"}},
  };
  return kCases;
}

TEST(DrizzleKitCorpus, EveryDangerousCaseHasItsRuleAndNoSafeTwinHasAny) {
  auto set = migrations::LoadMigrationSet(KM_SOURCE_DIR "/bench/lint/corpus");
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_EQ(set->migrations.size(), Expected().size() + 1);  // + base
  for (size_t k = 1; k < set->migrations.size(); ++k) {
    const std::string& tag = set->migrations[k].tag;
    const std::string name = tag.substr(tag.find('_') + 1);
    SCOPED_TRACE(tag);
    auto expected = Expected().find(name);
    ASSERT_NE(expected, Expected().end());
    LintOptions options;
    options.pending.emplace();
    for (size_t i = k + 1 - static_cast<size_t>(expected->second.pending); i <= k; ++i) {
      options.pending->insert(set->migrations[i].tag);
    }
    std::set<std::string> rules;
    for (const Finding& f : Lint(*set, options).findings) {
      if (f.tag == tag) rules.insert(std::string(f.rule->id));
    }
    if (expected->second.rule.empty()) {
      EXPECT_EQ(rules, std::set<std::string>{});
    } else {
      EXPECT_EQ(rules, std::set<std::string>{expected->second.rule});
    }
  }
}

}  // namespace
}  // namespace km::lint::testing
