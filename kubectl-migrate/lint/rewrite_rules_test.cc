// Type changes, new columns, and the destructive and rollback-breaking rules.
#include <gtest/gtest.h>

#include "lint/lint_test_support.h"
#include "lint/type_change.h"

namespace km::lint::testing {
namespace {

std::vector<std::string> AlterType(const std::string& column, const std::string& type) {
  return RulesOf("ALTER TABLE \"users\" ALTER COLUMN \"" + column + "\" SET DATA TYPE " + type + ";");
}

TEST(ColumnTypeRewrite, WideningIsFree) {
  EXPECT_EQ(AlterType("email", "text"), Ids{});
  EXPECT_EQ(AlterType("email", "varchar(255)"), Ids{});
  EXPECT_EQ(AlterType("email", "character varying"), Ids{});
  EXPECT_EQ(AlterType("name", "varchar"), Ids{});
  EXPECT_EQ(AlterType("price", "numeric(12, 2)"), Ids{});
  EXPECT_EQ(AlterType("price", "numeric"), Ids{});
  EXPECT_EQ(AlterType("email", "varchar(100)"), Ids{});
}

TEST(ColumnTypeRewrite, RewritingChangesAreFlagged) {
  EXPECT_EQ(AlterType("email", "varchar(50)"), Ids{"column-type-rewrite:1"});
  EXPECT_EQ(AlterType("age", "bigint"), Ids{"column-type-rewrite:1"});
  EXPECT_EQ(AlterType("price", "numeric(10, 3)"), Ids{"column-type-rewrite:1"});
  EXPECT_EQ(AlterType("name", "varchar(20)"), Ids{"column-type-rewrite:1"});
  EXPECT_EQ(AlterType("created_at", "timestamp with time zone"), Ids{"column-type-rewrite:1"});
  EXPECT_EQ(AlterType("name", "jsonb USING name::jsonb"), Ids{"column-type-rewrite:1"});
  // A column no migration declared: its old type is unknown.
  EXPECT_EQ(AlterType("nickname", "text"), Ids{"column-type-rewrite:1"});
}

TEST(ColumnTypeRewrite, FollowsEarlierChangesAndNewTables) {
  // varchar(100) → text → varchar(10): the second narrows text.
  EXPECT_EQ(RulesOf("ALTER TABLE users ALTER COLUMN email TYPE text;\n--> statement-breakpoint\n"
                    "ALTER TABLE users ALTER COLUMN email TYPE varchar(10);"),
            Ids{"column-type-rewrite:2"});
  EXPECT_EQ(RulesOf("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;"), Ids{});
  EXPECT_EQ(AlterType("email", "text USING \"email\"::text"), Ids{});
}

TEST(TypeChange, ReasonsNameBothTypes) {
  ColumnType int4{"int4", {}, false};
  ColumnType int8{"int8", {}, false};
  EXPECT_EQ(RewriteReason(int4, int8), "int4 to int8 is not binary-compatible");
  EXPECT_EQ(RewriteReason(ColumnType{"cidr", {}, false}, ColumnType{"inet", {}, false}), "");
  EXPECT_NE(RewriteReason(ColumnType{"text", {}, false}, ColumnType{"text", {}, true}), "");
}

TEST(VolatileDefault, FlagsPerRowDefaultsOnExistingTables) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD COLUMN \"token\" uuid DEFAULT gen_random_uuid();"),
            Ids{"volatile-default:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD COLUMN r float8 DEFAULT (random() * 10);"),
            Ids{"volatile-default:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD COLUMN n serial;"), Ids{"volatile-default:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;"),
            Ids{"volatile-default:1"});
}

TEST(VolatileDefault, ConstantAndStableDefaultsAreFree) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD COLUMN \"seen_at\" timestamp with time zone "
                    "DEFAULT now() NOT NULL;"),
            Ids{});
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD COLUMN \"tags\" text[] DEFAULT '{}'::text[] NOT NULL;"),
            Ids{});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD COLUMN active boolean DEFAULT true;"), Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN id uuid DEFAULT gen_random_uuid();"),
            Ids{});
}

TEST(NotNullWithoutDefault, FailsOnTablesWithRows) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD COLUMN \"role\" text NOT NULL;"),
            Ids{"not-null-without-default:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD COLUMN \"role\" text DEFAULT 'member' NOT NULL;"), Ids{});
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" ADD COLUMN \"role\" text;"), Ids{});
}

TEST(Destructive, DropsAndTruncateOfExistingTables) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" DROP COLUMN \"name\";"), Ids{"drop-column:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE users DROP COLUMN IF EXISTS name CASCADE;"), Ids{"drop-column:1"});
  EXPECT_EQ(RulesOf("DROP TABLE \"orgs\" CASCADE;"), Ids{"drop-table:1"});
  EXPECT_EQ(RulesOf("DROP TABLE IF EXISTS public.orgs, legacy;"), (Ids{"drop-table:1", "drop-table:1"}));
  EXPECT_EQ(RulesOf("TRUNCATE TABLE users, orgs;"), (Ids{"truncate:1", "truncate:1"}));
}

TEST(Destructive, NewTablesAndColumnsCanGo) {
  EXPECT_EQ(RulesOf("CREATE TABLE tmp (a int);\nDROP TABLE tmp;"), Ids{});
  EXPECT_EQ(RulesOf("ALTER TABLE users ADD COLUMN x int;\nALTER TABLE users DROP COLUMN x;"), Ids{});
  EXPECT_EQ(RulesOf("CREATE TABLE tmp (a int);\nTRUNCATE tmp;"), Ids{});
}

TEST(Rename, BreaksTheRunningAppAndTheRollbackTarget) {
  EXPECT_EQ(RulesOf("ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\";"),
            Ids{"rename-column:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE \"orgs\" RENAME TO \"organizations\";"), Ids{"rename-table:1"});
  EXPECT_EQ(RulesOf("ALTER TABLE orgs SET SCHEMA archive;"), Ids{"rename-table:1"});
  EXPECT_EQ(RulesOf("CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;\n"
                    "ALTER TABLE t RENAME TO u;\nCREATE INDEX i ON u (b);"),
            Ids{});
}

TEST(Rename, TheModelFollowsRenames) {
  // After the rename, "organizations" is the existing orgs table.
  EXPECT_EQ(RulesOf("ALTER TABLE orgs RENAME TO organizations;\n--> statement-breakpoint\n"
                    "CREATE INDEX i ON organizations (id);"),
            (Ids{"rename-table:1", "index-not-concurrent:2"}));
}

}  // namespace
}  // namespace km::lint::testing
