#include "lint/locks.h"

#include <gtest/gtest.h>

namespace km::lint {
namespace {

TEST(LockSummary, NamesTheModeAndTables) {
  EXPECT_EQ(LockSummary("CREATE INDEX \"i\" ON \"users\" USING btree (\"email\");"), "SHARE on users");
  EXPECT_EQ(LockSummary("CREATE INDEX CONCURRENTLY i ON audit.events (at);"),
            "SHARE UPDATE EXCLUSIVE on audit.events");
  EXPECT_EQ(LockSummary("ALTER TABLE \"sessions\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"user_id\") "
                        "REFERENCES \"public\".\"users\"(\"id\");"),
            "SHARE ROW EXCLUSIVE on sessions, users");
  EXPECT_EQ(LockSummary("ALTER TABLE users VALIDATE CONSTRAINT fk;"), "SHARE UPDATE EXCLUSIVE on users");
  EXPECT_EQ(LockSummary("ALTER TABLE users ALTER COLUMN name SET NOT NULL;"), "ACCESS EXCLUSIVE on users");
  EXPECT_EQ(LockSummary("ALTER TABLE users ADD COLUMN x int, VALIDATE CONSTRAINT c;"),
            "ACCESS EXCLUSIVE on users");
  EXPECT_EQ(LockSummary("DROP TABLE a, b CASCADE;"), "ACCESS EXCLUSIVE on a, b");
  EXPECT_EQ(LockSummary("DROP INDEX i;"), "ACCESS EXCLUSIVE on its table");
  EXPECT_EQ(LockSummary("TRUNCATE users;"), "ACCESS EXCLUSIVE on users");
  EXPECT_EQ(LockSummary("ALTER TABLE orgs RENAME TO organizations;"), "ACCESS EXCLUSIVE on orgs");
  EXPECT_EQ(LockSummary("UPDATE users SET name = 'x';"), "ROW EXCLUSIVE on users");
}

TEST(LockSummary, NewTablesLockOnlyWhatTheirForeignKeysReference) {
  EXPECT_EQ(LockSummary("CREATE TABLE t (id int);"), "");
  EXPECT_EQ(LockSummary("CREATE TABLE t (id int REFERENCES users (id), org uuid, "
                        "FOREIGN KEY (org) REFERENCES orgs (id));"),
            "SHARE ROW EXCLUSIVE on orgs, users");
}

TEST(LockSummary, SeveralStatementsAndUnparsableText) {
  EXPECT_EQ(LockSummary("ALTER TABLE a ADD COLUMN x int; CREATE INDEX i ON a (x);"),
            "ACCESS EXCLUSIVE on a; SHARE on a");
  EXPECT_EQ(LockSummary("SELECT 1; CREATE TYPE mood AS ENUM ('ok');"), "");
  EXPECT_EQ(LockSummary("CREATE INDEX ON (;"), "");
}

}  // namespace
}  // namespace km::lint
