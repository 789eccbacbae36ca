#include "lint/rules.h"

namespace km::lint {

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

const std::vector<Rule>& Rules() {
  using enum Severity;
  static const std::vector<Rule> kRules = {
      {rule::kParseError, kError, "", "", "fix the SQL: PostgreSQL would refuse it too", false, false,
       "a statement the PostgreSQL parser rejects"},
      {rule::kIndexNotConcurrent, kError, "SHARE", "writes to the table for the whole index build",
       "CREATE INDEX CONCURRENTLY, alone in its own migration", false, false,
       "CREATE INDEX without CONCURRENTLY on an existing table"},
      {rule::kDropIndexNotConcurrent, kWarning, "ACCESS EXCLUSIVE",
       "reads and writes of the table (briefly, but queued behind every running query)",
       "DROP INDEX CONCURRENTLY, alone in its own migration", false, false,
       "DROP INDEX without CONCURRENTLY on an existing table"},
      {rule::kForeignKeyNotValid, kError, "SHARE ROW EXCLUSIVE on both tables",
       "writes to both tables while every existing row is checked",
       "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration", false, false,
       "a foreign key added to an existing table without NOT VALID"},
      {rule::kCheckNotValid, kError, "ACCESS EXCLUSIVE",
       "reads and writes of the table while every row is checked",
       "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later migration",
       false, false, "a CHECK constraint added to an existing table without NOT VALID"},
      {rule::kValidateSameTransaction, kError, "the ADD's lock (ACCESS EXCLUSIVE or SHARE ROW EXCLUSIVE)",
       "reads or writes until the transaction commits, through the whole validation scan",
       "VALIDATE CONSTRAINT in a later migration (it then takes only SHARE UPDATE EXCLUSIVE)", false,
       false, "VALIDATE CONSTRAINT in the same transaction as the ADD ... NOT VALID"},
      {rule::kSetNotNull, kError, "ACCESS EXCLUSIVE", "reads and writes of the table during a full scan",
       "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE it in a later migration; "
       "then SET NOT NULL",
       false, false, "SET NOT NULL on a column of an existing table"},
      {rule::kColumnTypeRewrite, kError, "ACCESS EXCLUSIVE",
       "reads and writes while the table and its indexes are rewritten",
       "add a new column, backfill it in batches, switch the app, drop the old column later",
       false, false, "a column type change that rewrites the table (not varchar(n) to text, ...)"},
      {rule::kVolatileDefault, kError, "ACCESS EXCLUSIVE",
       "reads and writes while every row is rewritten",
       "add the column without the default (or with a constant one), backfill in batches, then "
       "SET DEFAULT",
       false, false, "a new column with a volatile default (or serial/identity/stored generated)"},
      {rule::kNotNullWithoutDefault, kError, "ACCESS EXCLUSIVE",
       "reads and writes; the statement fails as soon as the table has a row",
       "add the column nullable or with a DEFAULT, backfill, then make it NOT NULL", false, true,
       "a NOT NULL column without a default added to an existing table"},
      {rule::kAddUnique, kError, "ACCESS EXCLUSIVE", "reads and writes while the unique index builds",
       "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX", false, false,
       "a UNIQUE constraint added to an existing table"},
      {rule::kAddPrimaryKey, kError, "ACCESS EXCLUSIVE",
       "reads and writes while the index builds (and NOT NULL is checked)",
       "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX", false,
       false, "a PRIMARY KEY added to an existing table"},
      {rule::kDropColumn, kError, "ACCESS EXCLUSIVE", "reads and writes (briefly)",
       "stop reading the column in a release first; drop it only once no running or rollback "
       "version uses it",
       true, true, "DROP COLUMN: loses data; the previous app version still reads it"},
      {rule::kDropTable, kError, "ACCESS EXCLUSIVE", "reads and writes (briefly)",
       "stop using the table in a release first; drop it only once no running or rollback "
       "version uses it",
       true, true, "DROP TABLE: loses data; the previous app version still reads it"},
      {rule::kTruncate, kError, "ACCESS EXCLUSIVE", "reads and writes",
       "delete rows in batches with DELETE ... WHERE, or keep the data", true, false,
       "TRUNCATE of an existing table: loses its rows"},
      {rule::kRenameColumn, kError, "ACCESS EXCLUSIVE", "reads and writes (briefly)",
       "add the new column, write both, backfill, switch reads, drop the old one later "
       "(expand/contract)",
       false, true, "RENAME COLUMN: the running app and the rollback target use the old name"},
      {rule::kRenameTable, kError, "ACCESS EXCLUSIVE", "reads and writes (briefly)",
       "create the new table (or a view with the old name), move the app, drop the old one later",
       false, true, "RENAME TABLE or SET SCHEMA: the running app and the rollback target use the old name"},
      {rule::kNonTransactionalWrapped, kError, "", "",
       "put the statement alone in its own migration (the runner then runs it outside a "
       "transaction)",
       false, false, "a statement that cannot run in a transaction where the runner would wrap it in one"},
      {rule::kNonTransactionalMixed, kWarning, "", "",
       "move the CONCURRENTLY statement into a migration of its own", false, false,
       "a migration run statement by statement (no transaction) that holds other statements"},
      {rule::kEnumValueSameTransaction, kError, "", "",
       "use the new value in a later migration (or mark this one "
       "-- kubectl-migrate:no-transaction)",
       false, false,
       "a value added by ALTER TYPE ... ADD VALUE used in the same transaction (PostgreSQL "
       "refuses: unsafe use of new value)"},
      {rule::kTransactionControl, kWarning, "", "",
       "remove BEGIN/COMMIT: the runner already runs each migration in a transaction", false, false,
       "BEGIN, COMMIT or ROLLBACK inside a migration"},
  };
  return kRules;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule& rule : Rules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace km::lint
