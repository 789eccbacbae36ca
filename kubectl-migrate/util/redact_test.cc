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

TEST(RedactConnectionString, HidesPasswordsWithRawReservedCharacters) {
  // libpq takes the userinfo up to the first '@' before the first '/', so a raw
  // '#' or '?' in the password works; the redactor must not stop at them.
  const Case cases[] = {
      {"postgres://hashpw:s3cr#et?x@127.0.0.1:50161/nope", "postgres://hashpw:***@127.0.0.1:50161/nope"},
      {"postgres://app:s3cr?et@db/yomu", "postgres://app:***@db/yomu"},
      {"postgres://app:s3cr#et@db/yomu?sslmode=require", "postgres://app:***@db/yomu?sslmode=require"},
      {"postgres://app:#@db", "postgres://app:***@db"},
      {"postgres://app:?@db:5432", "postgres://app:***@db:5432"},
      // Not what libpq reads (it would fail), but never print what was meant
      // as the password: the userinfo runs to the '@' in front of the hosts.
      {"postgres://app:pa/ss@db/yomu", "postgres://app:***@db/yomu"},
      {"postgres://app:p@ss#w?rd@db,db2:5433/yomu", "postgres://app:***@db,db2:5433/yomu"},
      {"postgres://app:pw@[::1]:5432/yomu", "postgres://app:***@[::1]:5432/yomu"},
      {"postgres://app:pw@%2Fvar%2Frun%2Fpostgresql/yomu", "postgres://app:***@%2Fvar%2Frun%2Fpostgresql/yomu"},
      {"postgres://app:pw@/yomu", "postgres://app:***@/yomu"},
      // an '@' in the query is not the end of a userinfo
      {"postgres://db/yomu?user=me@server&password=s3cret", "postgres://db/yomu?user=me@server&password=***"},
      // libpq has no '#fragment': the query runs to the end
      {"postgres://db/yomu?password=s3cr#et&sslmode=disable", "postgres://db/yomu?password=***&sslmode=disable"},
      // libpq decodes query keywords
      {"postgres://db/yomu?pass%77ord=s3cret", "postgres://db/yomu?pass%77ord=***"},
      // a raw '&' in a query password: mask up to the next keyword=
      {"postgres://db/yomu?password=s3&cr&et&sslmode=disable", "postgres://db/yomu?password=***&sslmode=disable"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RedactConnectionString(c.input), c.expected) << c.input;
  }
}

TEST(UrlPasswordProblem, FlagsPasswordsLibpqReadsDifferently) {
  EXPECT_EQ(UrlPasswordProblem("postgres://app:s3cret@db/yomu"), "");
  EXPECT_EQ(UrlPasswordProblem("postgres://app:s3cr#et?x@db/yomu"), "");  // libpq accepts these
  EXPECT_EQ(UrlPasswordProblem("postgres://app@db/yomu"), "");
  EXPECT_EQ(UrlPasswordProblem("host=db password=a@b/c"), "");
  EXPECT_EQ(UrlPasswordProblem("postgres://db/yomu?user=me@server"), "");
  // an '@' in a database name is not a password
  EXPECT_EQ(UrlPasswordProblem("postgres://db:5432/my@db"), "");
  EXPECT_EQ(UrlPasswordProblem("postgres://[::1]/my@db"), "");
  EXPECT_EQ(RedactConnectionString("postgres://[::1]:5432/my@db"), "postgres://[::1]:5432/my@db");
  std::string at = UrlPasswordProblem("postgres://app:p@zq@db/yomu");
  EXPECT_NE(at.find("%40"), std::string::npos) << at;
  EXPECT_EQ(at.find("zq"), std::string::npos) << at;  // says nothing about the password itself
  std::string slash = UrlPasswordProblem("postgres://app:pa/ss@db/yomu");
  EXPECT_NE(slash.find("%2F"), std::string::npos) << slash;
}

TEST(RedactQuotedPassword, MasksOnlyAQuotedTokenThatIsThePassword) {
  // libpq quotes the bad piece of a connection string in its parse errors.
  EXPECT_EQ(RedactQuotedPassword("invalid percent-encoded token: \"ab%zz\"",
                                 "postgres://app:ab%zz@db/yomu"),
            "invalid percent-encoded token: \"***\"");
  EXPECT_EQ(RedactQuotedPassword("invalid URI query parameter: \"sslmod\"",
                                 "postgres://app:ab%zz@db/yomu?sslmod=x"),
            "invalid URI query parameter: \"sslmod\"");
  EXPECT_EQ(RedactQuotedPassword("forbidden value %00 in percent-encoded value: \"x%00\"",
                                 "host=db password=x%00"),
            "forbidden value %00 in percent-encoded value: \"***\"");
  // a piece of the password is not masked: that would tell what it contains
  EXPECT_EQ(RedactQuotedPassword("invalid value \"s3c\"", "postgres://u:s3cret@db/x"),
            "invalid value \"s3c\"");
  EXPECT_EQ(RedactQuotedPassword("no quotes", ""), "no quotes");
}


TEST(RedactSecretsInText, HidesConnectionStringsInsideFreeText) {
  const Case cases[] = {
      {"could not connect to postgres://app:s3cret@db:5432/yomu: timeout",
       "could not connect to postgres://app:***@db:5432/yomu: timeout"},
      {R"({"database":"postgresql://u:pw@db/x?sslmode=require","ok":1})",
       R"({"database":"postgresql://u:***@db/x?sslmode=require","ok":1})"},
      {"conninfo host=db password=hunter2 dbname=yomu", "conninfo host=db password=*** dbname=yomu"},
      {"two: postgres://a:x@h1 and 'postgres://b:y@h2'", "two: postgres://a:***@h1 and 'postgres://b:***@h2'"},
      {"nothing secret here; mypostgres://x is not a URL", "nothing secret here; mypostgres://x is not a URL"},
      {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RedactSecretsInText(c.input), c.expected) << c.input;
  }
}

}  // namespace
}  // namespace km
