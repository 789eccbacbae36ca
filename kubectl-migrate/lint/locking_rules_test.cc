// Rules about locks and scans, each with its safe twin, on drizzle-kit's SQL.
#include <gtest/gtest.h>

#include "lint/lint_test_support.h"

namespace km::lint::testing {
namespace {

TEST(IndexNotConcurrent, FlagsAPlainIndexOnAnExistingTable) {
  EXPECT_EQ(RulesOf("CREATE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");"),
            Ids{"index-not-concurrent:1"});
  EXPECT_EQ(RulesOf("CREATE UNIQUE INDEX IF NOT EXISTS i ON public.users (lower(email));"),
            Ids{"index-not-concurrent:1"});
}

TEST(IndexNotConcurrent, AcceptsConcurrentlyAndNewTables) {
  EXPECT_EQ(RulesOf("CREATE INDEX CONCURRENTLY \"users_email_idx\" ON \"users\" (\"email\");"),
            Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE \"posts\" (\"id\" uuid PRIMARY KEY NOT NULL, \"user_id\" uuid);\n"
                    "--> statement-breakpoint\n"
                    "CREATE INDEX \"posts_user_id_idx\" ON \"posts\" USING btree (\"user_id\");"),
            Ids{});
}

TEST(IndexNotConcurrent, TablesFromAnEarlierPendingMigrationAreNew) {
  auto set = SetOf({{"0000_base", kBaseSql},
                    {"0001_posts", "CREATE TABLE \"posts\" (\"id\" uuid);"},
                    {"0002_index", "CREATE INDEX \"p\" ON \"public\".\"posts\" (\"id\");"}});
  LintOptions options;
  options.pending = std::set<std::string>{"0001_posts", "0002_index"};
  EXPECT_EQ(Rules(Lint(set, options)), Ids{});
  // Once 0001 is applied, posts has rows: the same index blocks writes.
  options.pending = std::set<std::string>{"0002_index"};
  EXPECT_EQ(Rules(Lint(set, options)), Ids{"index-not-concurrent:1"});
}

TEST(IndexNotConcurrent, TablesNoMigrationCreatedAreExisting) {
  EXPECT_EQ(RulesOf("CREATE INDEX i ON legacy.accounts (id);"), Ids{"index-not-concurrent:1"});
}

TEST(ForeignKey, FlagsValidationAtOnceOnAnExistingTable) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD CONSTRAINT \"users_org_fk\" FOREIGN KEY (\"id\") "
                    "REFERENCES \"public\".\"orgs\"(\"id\") ON DELETE cascade ON UPDATE no action;"),
            Ids{"foreign-key-not-valid:1"});
}

TEST(ForeignKey, AcceptsNotValidAndNewReferencingTables) {
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES orgs (id) "
                    "NOT VALID;"),
            Ids{});
  // drizzle-kit: a new table, then its foreign key to an existing one.
  EXPECT_EQ(RulesOf("CREATE TABLE \"sessions\" (\"id\" uuid, \"user_id\" uuid NOT NULL);\n"
                    "--> statement-breakpoint\n"
                    "ALTER TABLE \"sessions\" ADD CONSTRAINT \"sessions_user_id_users_id_fk\" "
                    "FOREIGN KEY (\"user_id\") REFERENCES \"public\".\"users\"(\"id\") ON DELETE "
                    "cascade ON UPDATE no action;"),
            Ids{});
}

TEST(ValidateSameTransaction, FlagsValidateInTheAddsTransactionOnly) {
  const std::string add = "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES orgs (id) NOT VALID;";
  EXPECT_EQ(RulesOf(add + "\n--> statement-breakpoint\nALTER TABLE users VALIDATE CONSTRAINT fk;"),
            Ids{"validate-in-same-transaction:2"});
  auto set = SetOf({{"0000_base", kBaseSql},
                    {"0001_add", add},
                    {"0002_validate", "ALTER TABLE users VALIDATE CONSTRAINT fk;"}});
  EXPECT_EQ(Rules(Lint(set, {})), Ids{});
}

TEST(CheckConstraint, FlagsAScanUnderAccessExclusive) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD CONSTRAINT \"age_positive\" CHECK (\"age\" > 0);"),
            Ids{"check-not-valid:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;"), Ids{});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID;\n"
                    "ALTER TABLE users VALIDATE CONSTRAINT c;"),
            Ids{"validate-in-same-transaction:1"});
}

TEST(SetNotNull, FlagsExistingColumnsUnlessAValidatedCheckProvesIt) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;"),
            Ids{"set-not-null:1"});
  auto set = SetOf(
      {{"0000_base", kBaseSql},
       {"0001_check", "ALTER TABLE users ADD CONSTRAINT name_nn CHECK (name IS NOT NULL) NOT VALID;"},
       {"0002_validate", "ALTER TABLE users VALIDATE CONSTRAINT name_nn;"},
       {"0003_not_null", "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;"}});
  EXPECT_EQ(Rules(Lint(set, {})), Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;"), Ids{});
}

TEST(UniqueAndPrimaryKey, FlagIndexBuildsUnderAccessExclusive) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_unique\" UNIQUE(\"email\");"),
            Ids{"add-unique-constraint:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE orgs ADD PRIMARY KEY (id);"), Ids{"add-primary-key:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD CONSTRAINT u UNIQUE USING INDEX users_email_idx;"), Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE t (a int);\n--> statement-breakpoint\n"
                    "ALTER TABLE t ADD CONSTRAINT t_a_unique UNIQUE (a);"),
            Ids{});
}

TEST(DropIndex, WarnsWithoutConcurrently) {
  EXPECT_EQ(RulesOf("CREATE INDEX CONCURRENTLY i ON users (email);"), Ids{});
  auto set = SetOf({{"0000_base", std::string(kBaseSql) + "--> statement-breakpoint\nCREATE INDEX i ON users (email);"},
                    {"0001_drop", "DROP INDEX \"i\";"}});
  LintOptions options;
  options.pending = std::set<std::string>{"0001_drop"};
  EXPECT_EQ(Rules(Lint(set, options)), Ids{"drop-index-not-concurrent:1"});
}

}  // namespace
}  // namespace km::lint::testing
