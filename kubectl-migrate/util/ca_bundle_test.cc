#include "util/ca_bundle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace km {
namespace {

class SystemCaBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("km-ca-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string File(const std::string& name) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << "-----BEGIN CERTIFICATE-----\n";
    return path;
  }
  std::string Missing(const std::string& name) { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(SystemCaBundleTest, KeepsTheLibraryDefaultWhenItExists) {
  std::string debian = File("ca-certificates.crt");
  EXPECT_EQ(SystemCaBundle(debian, nullptr, {File("other.pem")}), "");
}

TEST_F(SystemCaBundleTest, FindsTheDistributionsBundleWhenTheDefaultIsMissing) {
  // The static binary built on Debian, run on RHEL: Debian's path is absent.
  std::string rhel = File("tls-ca-bundle.pem");
  EXPECT_EQ(SystemCaBundle(Missing("ca-certificates.crt"), nullptr, {Missing("ca-bundle.crt"), rhel}), rhel);
}

TEST_F(SystemCaBundleTest, SslCertFileWins) {
  EXPECT_EQ(SystemCaBundle(File("default.crt"), "/custom/ca.pem", {}), "/custom/ca.pem");
  EXPECT_EQ(SystemCaBundle(File("default2.crt"), "", {}), "");
}

TEST_F(SystemCaBundleTest, NothingFoundKeepsTheDefault) {
  EXPECT_EQ(SystemCaBundle(Missing("a"), nullptr, {Missing("b")}), "");
  EXPECT_EQ(SystemCaBundle("", nullptr, {}), "");
}

}  // namespace
}  // namespace km
