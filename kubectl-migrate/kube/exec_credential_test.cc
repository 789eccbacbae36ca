#include "kube/exec_credential.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace km::kube {
namespace {

constexpr const char* kV1 = "client.authentication.k8s.io/v1";

TEST(ParseExecCredential, ReadsTokenAndExpiry) {
  auto credential = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
      R"("status":{"token":"abc","expirationTimestamp":"2030-01-02T03:04:05Z"}})",
      kV1);
  ASSERT_TRUE(credential) << credential.error().message;
  EXPECT_EQ(credential->token, "abc");
  ASSERT_TRUE(credential->expiry.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*credential->expiry), 1893553445);
  EXPECT_FALSE(credential->Expired(std::chrono::system_clock::from_time_t(1893553400)));
  EXPECT_TRUE(credential->Expired(std::chrono::system_clock::from_time_t(1893553440)));
}

TEST(ParseExecCredential, RejectsAnotherApiVersionAndEmptyStatus) {
  EXPECT_FALSE(ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
      R"("status":{"token":"abc"}})",
      kV1));
  EXPECT_FALSE(ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})",
      kV1));
}

TEST(ParseRfc3339, HandlesFractionsAndOffsets) {
  auto utc = ParseRfc3339("2024-01-02T03:04:05Z");
  auto fraction = ParseRfc3339("2024-01-02T03:04:05.123456Z");
  auto offset = ParseRfc3339("2024-01-02T05:04:05+02:00");
  ASSERT_TRUE(utc && fraction && offset);
  EXPECT_EQ(*utc, *fraction);
  EXPECT_EQ(*utc, *offset);
  EXPECT_FALSE(ParseRfc3339("yesterday"));
}

TEST(RunExecPlugin, PassesExecInfoAndEnvAndReadsTheCredential) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "km-exec-plugin-test";
  fs::create_directories(dir);
  fs::path script = dir / "plugin.sh";
  // Echoes the token only when it got the request and the configured env var.
  std::ofstream(script)
      << "#!/bin/sh\n"
         "case \"$KUBERNETES_EXEC_INFO\" in *ExecCredential*) ;; *) exit 3;; esac\n"
         "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
         "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"'$TOKEN_FROM_ENV'-'$1'\"}}'\n";
  chmod(script.c_str(), 0755);
  RestConfig config;
  config.server = "https://example:6443";
  config.exec =
      ExecConfig{kV1, script.string(), {"arg"}, {{"TOKEN_FROM_ENV", "tok"}}, "", "Never", true};
  auto credential = RunExecPlugin(config);
  ASSERT_TRUE(credential) << credential.error().message;
  EXPECT_EQ(credential->token, "tok-arg");

  config.exec->command = (dir / "missing").string();
  config.exec->install_hint = "install it with: brew install missing";
  auto missing = RunExecPlugin(config);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("brew install missing"), std::string::npos);
  fs::remove_all(dir);
}

// From fuzzing (fuzz_exec_credential): system_clock counts nanoseconds in 64 bits,
// so an expiry after 2262 overflowed the conversion (undefined behaviour). Such
// times, and fields out of range, are not RFC 3339 times we can use.
TEST(ParseRfc3339, FromFuzzingRefusesTimesOutsideTheClocksRange) {
  EXPECT_FALSE(ParseRfc3339("2300-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseRfc3339("1600-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2024-13-02T03:04:05Z"));
  EXPECT_FALSE(ParseRfc3339("2024-01-02T25:04:05Z"));
  EXPECT_TRUE(ParseRfc3339("2261-12-31T23:59:59Z"));
  EXPECT_TRUE(ParseRfc3339("2016-12-31T23:59:60Z"));  // a leap second
}

// The same stack overflow through kube::ParseJson (watch events, API responses,
// exec plugin output).
TEST(ParseExecCredential, DeeplyNestedJsonIsAnErrorNotACrash) {
  auto credential = ParseExecCredential(std::string(1 << 20, '{'), "client.authentication.k8s.io/v1");
  ASSERT_FALSE(credential);
  EXPECT_NE(credential.error().message.find("nested more than 1000 levels deep"), std::string::npos);
}

}  // namespace
}  // namespace km::kube
