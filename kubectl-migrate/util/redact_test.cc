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

// Every place libpq takes a password from (fe-connect.c), and where libpq and the
// evident reading of a URL disagree: whatever either would use is masked.
TEST(RedactConnectionString, HidesEveryPasswordLibpqWouldUse) {
  const Case cases[] = {
      // URL: userinfo and query both give one (libpq uses the query's)
      {"postgres://app:pw@db/yomu?password=q&sslmode=disable",
       "postgres://app:***@db/yomu?password=***&sslmode=disable"},
      // a query right after the hosts, no database name
      {"postgres://db:5432?password=s3cret", "postgres://db:5432?password=***"},
      {"postgres://db1,db2:5433?sslmode=disable&password=s3cret",
       "postgres://db1,db2:5433?sslmode=disable&password=***"},
      // libpq's value ends at the first '&'; the evident one may go on
      {"postgres://db/yomu?password=s3&", "postgres://db/yomu?password=***"},
      // a '?' inside an IPv6 host does not start libpq's query
      {"postgres://[::1]:5432/yomu?password=s3cret", "postgres://[::1]:5432/yomu?password=***"},
      // the userinfo ends at libpq's first '@' although the password holds a '?'
      {"postgres://app:x?password=y@db", "postgres://app:***@db"},
      // a raw '@' in the userinfo: libpq reads the password "p" and then, from
      // the query after host "ss#w", the password "@mu." — which the evident
      // reading (password up to the last '@') takes for the host. Both masked.
      {"postgres://app:p@ss#w?password=@mu.", "postgres://app:***"},
      // (with no host list after the last '@', the readings agree)
      {"postgres://app:p@ss#w?password=@mu.&sslmode=disable",
       "postgres://app:***@ss#w?password=***&sslmode=disable"},
      // no ':' before libpq's '@': no password for libpq, "pw" for the evident reading
      {"postgres://app@x:pw@db", "postgres://app@x:***@db"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RedactConnectionString(c.input), c.expected) << c.input;
  }
}

TEST(RedactConnectionString, ReadsKeywordValueStringsLikeLibpq) {
  const Case cases[] = {
      // a keyword right after a closing quote, no space between (libpq reads it)
      {"host='db'password=secret dbname=yomu", "host='db'password=*** dbname=yomu"},
      // backslash escapes in an unquoted value: libpq's password is "se cret"
      {"password=se\\ cret host=db", "password=*** host=db"},
      {"password='a\\'b' host=db", "password=*** host=db"},
      // spaces around '=', and an empty value takes the next word (libpq does)
      {"host=db password =\tsecret", "host=db password=***"},
      {"password= host=db", "password=***"},
      // the value of another keyword is not a password to libpq, but may have
      // been meant as one: masked too
      {"options='-c password=x' host=db", "options='-c password=*** host=db"},
      // unterminated quote (libpq refuses): the rest is the password
      {"host=db password='se cret", "host=db password=***"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RedactConnectionString(c.input), c.expected) << c.input;
  }
}

TEST(RedactConnectionString, RegressionsFromFuzzing) {
  // fuzz_redact (was fuzz/open/redact-query-password-after-raw-at): the userinfo
  // was taken up to the last '@', so libpq's query password "@mu." was printed as
  // the host
  const std::string found = "postgres://app:" + std::string(37, '\xff') + "2" + std::string(4, '\xff') +
                            "p@ss#w?password=@mu.";
  EXPECT_EQ(RedactConnectionString(found), "postgres://app:***");
  // keyword/value: the password after a closing quote was not found
  EXPECT_EQ(RedactConnectionString("user='app'password=s3cret"), "user='app'password=***");
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
  // libpq's own reading when it differs from the evident one
  EXPECT_EQ(RedactQuotedPassword("invalid value \"s3\"", "postgres://db/yomu?password=s3&"),
            "invalid value \"***\"");
  EXPECT_EQ(RedactQuotedPassword("invalid value \"se cret\"", "password=se\\ cret"),
            "invalid value \"***\"");
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
