// When nfs-notify counts an NFSv3 client as back after a takeover (its
// notification delivered, its record written anew by the service's statd
// at its reclaim): the decision that ends lockd's grace early.
#include "agents/nfs-notify/reclaims.h"

#include <gtest/gtest.h>

namespace {

using hanfs::HostList;
using hanfs::nfs_notify::awaited_reclaims;
using Names = std::vector<std::string>;

const std::string kRecord = "0100007f 000186b5 00000004 00000010 x 198.18.1.2 s1-svc\n";

TEST(AwaitedReclaims, AClientNotifiedWhoseRecordIsBackIsNoLongerAwaited) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client1", kRecord}}, {}), Names{});
}

TEST(AwaitedReclaims, AClientWithoutARecordInSmHasNotReclaimedYet) {
  EXPECT_EQ(awaited_reclaims({"client1", "client2"}, {{"client1", kRecord}}, {}), Names{"client2"});
}

// Its record may be back from a new lock it asked for before the
// notification reached it (refused for the grace): its reclaim is to come.
TEST(AwaitedReclaims, AClientWhoseNotificationIsUndeliveredIsAwaitedEvenWithARecord) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client1", kRecord}}, {{"client1", kRecord}}), Names{"client1"});
}

TEST(AwaitedReclaims, ANewClientInSmThatWasNeverNotifiedChangesNothing) {
  EXPECT_EQ(awaited_reclaims({"client1"}, {{"client9", kRecord}}, {}), Names{"client1"});
  EXPECT_EQ(awaited_reclaims({}, {{"client9", kRecord}}, {}), Names{});
}

}  // namespace
