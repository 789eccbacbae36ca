#include "cli/database_flags.h"

#include <gtest/gtest.h>

namespace km::cli {
namespace {

Result<runner::OutOfOrder> Policy(std::vector<std::string> args) {
  auto flags = ParseFlags(SelectionFlags(), args);
  EXPECT_TRUE(flags.ok()) << flags.error().message;
  return OutOfOrderFromFlags(*flags);
}

TEST(OutOfOrderFromFlags, DefaultsToAutoAndAcceptsTheOldFlag) {
  EXPECT_EQ(*Policy({}), runner::OutOfOrder::kAuto);
  EXPECT_EQ(*Policy({"--out-of-order", "refuse"}), runner::OutOfOrder::kRefuse);
  EXPECT_EQ(*Policy({"--out-of-order=apply"}), runner::OutOfOrder::kApply);
  EXPECT_EQ(*Policy({"--allow-out-of-order"}), runner::OutOfOrder::kApply);
  EXPECT_EQ(*Policy({"--allow-out-of-order", "--out-of-order", "apply"}), runner::OutOfOrder::kApply);
}

TEST(OutOfOrderFromFlags, RefusesUnknownAndContradictoryValues) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--out-of-order", "skip"}, {"--allow-out-of-order", "--out-of-order", "refuse"}}) {
    auto policy = Policy(args);
    ASSERT_FALSE(policy.ok()) << args[0];
    EXPECT_EQ(policy.error().code, ExitCode::kUsage);
  }
}

TEST(AppliesOutOfOrder, AutoFollowsTheLayout) {
  EXPECT_FALSE(runner::AppliesOutOfOrder(runner::OutOfOrder::kAuto, /*folder_layout=*/false));
  EXPECT_TRUE(runner::AppliesOutOfOrder(runner::OutOfOrder::kAuto, /*folder_layout=*/true));
  EXPECT_FALSE(runner::AppliesOutOfOrder(runner::OutOfOrder::kRefuse, true));
  EXPECT_TRUE(runner::AppliesOutOfOrder(runner::OutOfOrder::kApply, false));
}

}  // namespace
}  // namespace km::cli
