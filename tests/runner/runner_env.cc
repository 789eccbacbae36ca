#include "runner_env.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <functional>

namespace km::testing {

std::string RepoRoot() { return KM_TEST_SOURCE_DIR; }

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string DatabaseForThisTest() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("t_") + info->test_suite_name() + "_" + info->name();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '_';
  });
  if (name.size() > 63) {  // keep names unique: parameterised tests differ only at the end
    char suffix[20];
    std::snprintf(suffix, sizeof suffix, "_%016zx", std::hash<std::string>{}(name));
    name = name.substr(0, 63 - std::strlen(suffix)) + suffix;
  }
  return FreshDatabase(name);
}

std::vector<std::string> KmArgv(const std::string& url, std::vector<std::string> args) {
  args.insert(args.begin(), Binary());
  args.push_back("--database-url=" + url);
  args.push_back("-o");
  args.push_back("json");
  return args;
}

RunResult Km(const std::string& url, std::vector<std::string> args,
             const std::map<std::string, std::string>& env) {
  return Run(KmArgv(url, std::move(args)), env);
}

std::vector<std::string> PublicTables(const std::string& url) {
  std::vector<std::string> tables;
  for (const auto& row : Query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                    "ORDER BY tablename")) {
    tables.push_back(row[0]);
  }
  return tables;
}

std::vector<std::string> HistoryRows(const std::string& url, const std::string& table) {
  std::vector<std::string> rows;
  for (const auto& row : Query(url, "SELECT created_at, hash FROM " + table + " ORDER BY id")) {
    rows.push_back(row[0] + ":" + row[1]);
  }
  return rows;
}

}  // namespace km::testing

namespace km::testing {

std::string AdvisoryLockCount(const std::string& url) {
  return QueryValue(url,
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())");
}

}  // namespace km::testing
