#pragma once

#include <map>
#include <string>
#include <vector>

#include "database.h"
#include "subprocess.h"

namespace km::testing {

// The repository's root (tests/drizzle, tests/drizzle-v1 and migrations/ are under it).
std::string RepoRoot();

// Whether `text` has `part` in it.
bool Contains(const std::string& text, const std::string& part);

// A fresh database named after the running test.
std::string DatabaseForThisTest();

// Runs kubectl-migrate with `args` (JSON output) against `url`.
RunResult Km(const std::string& url, std::vector<std::string> args,
             const std::map<std::string, std::string>& env = {});

// Starts kubectl-migrate without waiting for it.
std::vector<std::string> KmArgv(const std::string& url, std::vector<std::string> args);

// How many advisory locks are held in the database of `url`.
std::string AdvisoryLockCount(const std::string& url);

// Tables in the public schema, sorted.
std::vector<std::string> PublicTables(const std::string& url);

// Rows of drizzle.__drizzle_migrations as "created_at:hash" in id order.
std::vector<std::string> HistoryRows(const std::string& url,
                                     const std::string& table = "drizzle.__drizzle_migrations");

}  // namespace km::testing
