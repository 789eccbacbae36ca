#include "util/redact.h"

#include <gtest/gtest.h>

namespace km {
namespace {

struct Case {
  const char* input;
  const char* expected;
};

TEST(RedactConnectionString, HidesPasswordsInEveryForm) {
  const Case cases[] = {
      {"postgres://app:s3cret@db:5432/yomu", "postgres://app:***@db:5432/yomu"},
      {"postgresql://app:p%40ss@db/yomu?sslmode=require", "postgresql://app:***@db/yomu?sslmode=require"},
      {"postgres://app@db/yomu", "postgres://app@db/yomu"},
      {"postgres://db/yomu?password=hunter2&sslmode=disable",
       "postgres://db/yomu?password=***&sslmode=disable"},
      {"postgres://u:a@b@db/yomu", "postgres://u:***@db/yomu"},
      {"POSTGRES://u:x@db", "POSTGRES://u:***@db"},
      {"host=db password=hunter2 dbname=yomu", "host=db password=*** dbname=yomu"},
      {"host=db password = 'hun ter\\'2' user=app", "host=db password=*** user=app"},
      {"host=db dbname=yomu", "host=db dbname=yomu"},
      {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RedactConnectionString(c.input), c.expected) << c.input;
  }
}

TEST(RedactSecret, ReplacesEveryOccurrence) {
  EXPECT_EQ(RedactSecret("password hunter2 failed for hunter2", "hunter2"),
            "password *** failed for ***");
  EXPECT_EQ(RedactSecret("nothing here", ""), "nothing here");
}

}  // namespace
}  // namespace km
