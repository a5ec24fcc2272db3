// The service's list after a notification: which delivered records leave
// sm.bak, on a temporary statd_dir.
#include "agents/nfs-notify/service_list.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/fake_node.h"
#include "tests/unit/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using hanfs::nfs_notify::Config;
using hanfs::nfs_notify::forget_notified;
using hanfs::testing::FakeNode;

class ForgetNotified : public ::testing::Test {
 protected:
  ForgetNotified() {
    config.statd_dir = dir.str() + "/statd";
    FakeNode::write(config.statd_dir + "/sm.bak/client1", kRecord);
    FakeNode::write(config.statd_dir + "/sm.bak/client2", kRecord);
    fs::create_directories(config.statd_dir + "/sm");
  }
  bool in_sm_bak(const std::string& name) const { return fs::exists(config.statd_dir + "/sm.bak/" + name); }
  static constexpr const char* kRecord = "0100007f 000186b5 00000004 00000010 x 198.18.1.2 s1-svc\n";
  TempDir dir;
  Config config;
  const hanfs::StatdOwner owner = hanfs::statd_owner("");
  hanfs::nfs_notify::Notes notes;
};

TEST_F(ForgetNotified, DeliveredRecordsLeaveSmBak) {
  ASSERT_TRUE(forget_notified(config, {}, false, owner, notes));
  EXPECT_FALSE(in_sm_bak("client1"));
  EXPECT_FALSE(in_sm_bak("client2"));
}

TEST_F(ForgetNotified, ARecordStillToDeliverStays) {
  ASSERT_TRUE(forget_notified(config, {{"client2", kRecord}}, false, owner, notes));
  EXPECT_FALSE(in_sm_bak("client1"));
  EXPECT_TRUE(in_sm_bak("client2"));
}

// In a service still in grace sm.bak is the only list naming a delivered
// client until its reclaim writes its record in sm again.
TEST_F(ForgetNotified, InGraceADeliveredRecordStaysUntilItsClientIsBackInSm) {
  FakeNode::write(config.statd_dir + "/sm/client1", kRecord);
  ASSERT_TRUE(forget_notified(config, {}, true, owner, notes));
  EXPECT_FALSE(in_sm_bak("client1"));
  EXPECT_TRUE(in_sm_bak("client2"));
}

}  // namespace
