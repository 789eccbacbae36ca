#include "database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <map>

namespace km::testing {
namespace {

// Environment first, then the default compiled in by CMake.
std::string RequireEnv(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') value = fallback;
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name << " is not set: run the tests through ctest (the fixture sets it)";
    std::abort();
  }
  return value;
}

}  // namespace

std::string TestServer::Url(const std::string& database) const {
  return "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
}

const TestServer& Server() {
  static const TestServer server = [] {
    std::string path = RequireEnv("KM_TEST_POSTGRES_ENV", KM_TEST_DEFAULT_POSTGRES_ENV);
    std::ifstream in(path);
    if (!in) {
      ADD_FAILURE() << "cannot read " << path << ": did the postgres_start fixture run?";
      std::abort();
    }
    std::map<std::string, std::string> env;
    for (std::string line; std::getline(in, line);) {
      auto eq = line.find('=');
      if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return TestServer{env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGPASSWORD"]};
  }();
  return server;
}

std::vector<std::vector<std::string>> Query(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::vector<std::vector<std::string>> rows;
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "connect: " << PQerrorMessage(conn);
    PQfinish(conn);
    return rows;
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(conn, sql.c_str());
  auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    ADD_FAILURE() << "query failed: " << sql << ": " << PQerrorMessage(conn);
  } else {
    for (int r = 0; r < PQntuples(result); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(result); ++c) {
        row.push_back(PQgetisnull(result, r, c) ? "<null>" : PQgetvalue(result, r, c));
      }
      rows.push_back(std::move(row));
    }
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

std::string QueryValue(const std::string& url, const std::string& sql) {
  auto rows = Query(url, sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

std::string FreshDatabase(const std::string& name) {
  const auto& server = Server();
  std::string admin = server.Url("postgres");
  Query(admin, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  Query(admin, "CREATE DATABASE \"" + name + "\"");
  return server.Url(name);
}

std::string Binary() { return RequireEnv("KM_BINARY", KM_TEST_DEFAULT_BINARY); }

}  // namespace km::testing
