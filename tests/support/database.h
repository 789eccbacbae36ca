#pragma once

#include <string>
#include <vector>

namespace km::testing {

// The throwaway PostgreSQL server the test run started (tests/support/postgres),
// found through $KM_TEST_POSTGRES_ENV. Tests fail, never skip, without it.
struct TestServer {
  std::string host;
  std::string port;
  std::string user;
  std::string password;

  std::string Url(const std::string& database) const;
};
const TestServer& Server();

// Drops and creates a database for one test; returns its URL.
std::string FreshDatabase(const std::string& name);

// Runs SQL; returns every row's values as text (NULL as "<null>"). Fails the
// current test on error.
std::vector<std::vector<std::string>> Query(const std::string& url, const std::string& sql);

// The first value of the first row, or "" when there is none.
std::string QueryValue(const std::string& url, const std::string& sql);

// The path of the built kubectl-migrate binary ($KM_BINARY).
std::string Binary();

}  // namespace km::testing
