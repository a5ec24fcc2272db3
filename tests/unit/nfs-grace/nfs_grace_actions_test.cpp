// nfs-grace's actions on a fake node (tests/unit/fake_node.h): what each
// decides from the state it finds.
#include <gtest/gtest.h>

#include "agents/nfs-grace/actions.h"
#include "tests/unit/fake_node.h"

namespace {

using hanfs::OcfStatus;
using hanfs::testing::FakeNode;

TEST(NfsGraceActions, ProbeOfRecordsNotBoundSaysNotRunning) {
  FakeNode node;
  const std::string records = node.root() + "/srv/nfs/recovery";
  std::filesystem::create_directories(records);
  const auto r = node.probe(hanfs::nfs_grace::definition(),
                            {{"recovery_dir", records}, {"server_scope", "nfs-a"}, {"tracker_dir", node.root() + "/var/lib/nfs/nfsdcltrack"}});
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST(NfsGraceActions, StartWithoutARecoveryDirIsAConfigurationError) {
  FakeNode node;
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", {});
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("recovery_dir"), std::string::npos) << r.reason;
}

}  // namespace
