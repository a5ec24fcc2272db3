// When nfs-notify counts an NFSv3 client as back after a takeover, and when
// the reclaims have settled: the decisions that end lockd's grace early.
#include "agents/nfs-notify/reclaims.h"

#include <gtest/gtest.h>

namespace {

using hanfs::nfs_notify::awaited_reclaims;
using hanfs::nfs_notify::Clock;
using hanfs::nfs_notify::kQuiet;
using hanfs::nfs_notify::ReclaimsSettle;
using hanfs::nfs_notify::WallClock;
using Names = std::vector<std::string>;
using std::chrono::seconds;

const std::string kRecord = "0100007f 000186b5 00000004 00000010 x 198.18.1.2 s1-svc\n";
const WallClock::time_point kSince = WallClock::now();
const WallClock::time_point kAfter = kSince + seconds(3);
const WallClock::time_point kBefore = kSince - seconds(3);

TEST(AwaitedReclaims, ADeliveredClientWhoseRecordWasWrittenSinceTheNotificationIsBack) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client1", kAfter}}, {}, kSince), Names{});
}

TEST(AwaitedReclaims, AClientWithoutARecordInSmHasNotReclaimedYet) {
  EXPECT_EQ(awaited_reclaims({"client1", "client2"}, {{"client1", kAfter}}, {}, kSince), Names{"client2"});
}

// Its record came from a new lock it asked for before the notification
// (refused for the grace), or from before the takeover: no reclaim seen.
TEST(AwaitedReclaims, ARecordWrittenBeforeTheNotificationIsNoReclaim) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client1", kBefore}}, {}, kSince), Names{"client1"});
}

TEST(AwaitedReclaims, AClientWhoseNotificationIsUndeliveredIsAwaitedEvenWithAFreshRecord) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client1", kAfter}}, {{"client1", kRecord}}, kSince), Names{"client1"});
}

TEST(AwaitedReclaims, ANewClientThatWasNeverNotifiedChangesNothing) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client9", kAfter}}, {}, kSince), Names{"client1"});
  EXPECT_EQ(awaited_reclaims({}, {{"client9", kAfter}}, {}, kSince), Names{});
}

TEST(ReclaimsSettle, SettledOnlyOnceNoClientIsAwaitedAndTheLockCountHasNotChangedForTheQuietTime) {
  ReclaimsSettle settle;
  const auto t0 = Clock::now();
  EXPECT_FALSE(settle.settled(t0, 1, 0));                      // a client still awaited
  EXPECT_FALSE(settle.settled(t0 + seconds(1), 0, 1));         // back, its reclaim just arrived
  EXPECT_FALSE(settle.settled(t0 + seconds(1) + kQuiet - seconds(1), 0, 1));
  EXPECT_TRUE(settle.settled(t0 + seconds(1) + kQuiet, 0, 1));
}

TEST(ReclaimsSettle, AReclaimArrivingDuringTheQuietTimeStartsItAgain) {
  ReclaimsSettle settle;
  const auto t0 = Clock::now();
  EXPECT_FALSE(settle.settled(t0, 0, 1));
  EXPECT_FALSE(settle.settled(t0 + kQuiet - seconds(1), 0, 2));   // one more lock reclaimed
  EXPECT_FALSE(settle.settled(t0 + kQuiet + seconds(1), 0, 2));
  EXPECT_TRUE(settle.settled(t0 + 2 * kQuiet - seconds(1), 0, 2));
}

TEST(ReclaimsSettle, AClientAwaitedAgainStartsTheQuietTimeAgain) {
  ReclaimsSettle settle;
  const auto t0 = Clock::now();
  EXPECT_FALSE(settle.settled(t0, 0, 0));
  EXPECT_FALSE(settle.settled(t0 + kQuiet - seconds(1), 1, 0));
  EXPECT_FALSE(settle.settled(t0 + kQuiet + seconds(1), 0, 0));
  EXPECT_TRUE(settle.settled(t0 + 2 * kQuiet - seconds(1), 0, 0));
}

}  // namespace
