#include "common/core/deadline.h"

#include <gtest/gtest.h>

#include <chrono>

namespace hanfs {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// Time may pass between building the deadline and reading it on a busy
// machine; the budget itself must be exact on the high side.
constexpr milliseconds kSlack = 2000ms;

void expect_budget(const Deadline& deadline, milliseconds budget) {
  const auto left = deadline.remaining();
  EXPECT_LE(left, budget);
  EXPECT_GT(left, budget - kSlack);
}

TEST(Deadline, MetaTimeoutLosesATenPercentMargin) {
  expect_budget(Deadline::from_meta_timeout(30000, 1s), 27000ms);
  expect_budget(Deadline::from_meta_timeout(20000, 1s), 18000ms);
}

TEST(Deadline, MarginIsAtLeastOneSecond) {
  expect_budget(Deadline::from_meta_timeout(5000, 1s), 4000ms);
  expect_budget(Deadline::from_meta_timeout(9990, 1s), 8990ms);
}

TEST(Deadline, MarginIsAtMostFiveSeconds) {
  expect_budget(Deadline::from_meta_timeout(100000, 1s), 95000ms);
  expect_budget(Deadline::from_meta_timeout(600000, 1s), 595000ms);
}

TEST(Deadline, TinyMetaTimeoutKeepsHalfOfItself) {
  expect_budget(Deadline::from_meta_timeout(1500, 1s), 750ms);
  expect_budget(Deadline::from_meta_timeout(1000, 1s), 500ms);
}

TEST(Deadline, MissingOrNonPositiveMetaTimeoutUsesTheFallback) {
  expect_budget(Deadline::from_meta_timeout(0, 40s), 40000ms);
  expect_budget(Deadline::from_meta_timeout(-1, 40s), 40000ms);
  expect_budget(Deadline::from_meta_timeout(-20000, 7s), 7000ms);
}

TEST(Deadline, RemainingIsNeverNegative) {
  const Deadline past(-5000ms);
  EXPECT_EQ(past.remaining(), 0ms);
  EXPECT_TRUE(past.expired());

  const Deadline now(0ms);
  EXPECT_EQ(now.remaining(), 0ms);
  EXPECT_TRUE(now.expired());
}

TEST(Deadline, ShortDeadlineExpiresAfterItsBudget) {
  const Deadline deadline(50ms);
  EXPECT_LE(deadline.remaining(), 50ms);
  while (Deadline::Clock::now() < deadline.at() + 1ms) {
  }
  EXPECT_TRUE(deadline.expired());
  EXPECT_EQ(deadline.remaining(), 0ms);
}

TEST(Deadline, FutureDeadlineIsNotExpiredAndEndsAtNowPlusBudget) {
  const auto before = Deadline::Clock::now();
  const Deadline deadline(60s);
  const auto after = Deadline::Clock::now();
  EXPECT_FALSE(deadline.expired());
  EXPECT_GE(deadline.at(), before + 60s);
  EXPECT_LE(deadline.at(), after + 60s);
}

}  // namespace
TEST(Deadline, TheHardLimitLeavesFivePercentBetweenATenthOfASecondAndOneSecond) {
  EXPECT_EQ(*Deadline::hard_limit(20000), 19000ms);
  EXPECT_EQ(*Deadline::hard_limit(5000), 4750ms);
  EXPECT_EQ(*Deadline::hard_limit(100000), 99000ms);
  EXPECT_EQ(*Deadline::hard_limit(1000), 900ms);
  EXPECT_FALSE(Deadline::hard_limit(0));
}

// Pacemaker's clock started at its fork of the agent: what the exec and the
// start took is no longer the action's.
TEST(Deadline, TheTimeSinceTheForkComesOffTheBudgetAndTheHardLimit) {
  expect_budget(Deadline::from_meta_timeout(20000, 1s, 700ms), 17300ms);
  EXPECT_EQ(*Deadline::hard_limit(20000, 700ms), 18300ms);
  expect_budget(Deadline::from_meta_timeout(20000, 1s, 30000ms), 0ms);
  EXPECT_EQ(*Deadline::hard_limit(20000, 30000ms), 1ms);
  expect_budget(Deadline::from_meta_timeout(0, 1s, 700ms), 1000ms);   // no timeout: nobody counts
}

}  // namespace hanfs
