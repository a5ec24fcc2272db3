// nfs-grace's actions on a fake node (tests/unit/fake_node.h): what each
// decides from the state it finds. The fake node cannot bind-mount: records
// "bound" over the tracker's directory are a line in the fake mount table,
// where the agent looks (it never stats the service's storage to tell),
// which no unmount can take away. Where the tests run as root with
// CAP_SYS_ADMIN a start that got as far as bind_mount would really bind
// inside the tree: every test checks that nothing was, and takes away what
// was.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "agents/nfs-grace/actions.h"
#include "common/sys/mounts.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/metadata_files.h"

namespace {

namespace fs = std::filesystem;
using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::testing::FakeNode;

class NfsGraceActions : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(records_parent);
    node.mount_table({{records_parent, "253:3"}});   // the service's filesystem is mounted
  }
  void TearDown() override {
    auto mounts = hanfs::read_mounts();
    for (auto it = mounts.rbegin(); it != mounts.rend(); ++it) {
      if (!it->mount_point.starts_with(node.root() + "/")) continue;
      ADD_FAILURE() << "an action mounted " << it->mount_point;
      (void)hanfs::unmount(it->mount_point);
    }
  }

  EnvMap params() const { return {{"recovery_dir", recovery_dir}, {"server_scope", "nfs-a"}}; }
  // nfsd loaded with `threads` running, its legacy tracker on the node's own records.
  void nfsd_runs(int threads) {
    FakeNode::write(node.host().proc + "/fs/nfsd/threads", std::to_string(threads) + "\n");
    FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4recoverydir", node.host().var_lib_nfs + "/v4recovery\n");
  }
  // What a finished start leaves in nfsd: `threads` running on the service's legacy records.
  void nfsd_serves_the_service(int threads) {
    FakeNode::write(node.host().proc + "/fs/nfsd/threads", std::to_string(threads) + "\n");
    FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4recoverydir", recovery_dir + "/v4recovery\n");
  }
  // The first line of an nfsd control file (the fake's writes do not truncate).
  std::string control(const std::string& name) const {
    const std::string content = read_whole_file(node.host().proc + "/fs/nfsd/" + name);
    return content.substr(0, content.find('\n'));
  }
  void phase_recorded(const std::string& phase, int threads) {
    FakeNode::write(node.rsc_tmp() + "/hanfs-nfs-grace-rsc.state",
                    "hanfs-state 1\nphase=" + phase + "\nthreads=" + std::to_string(threads) + "\n");
  }
  // What start leaves: the service's records where the tracker looks.
  void records_bound() {
    fs::create_directories(recovery_dir + "/nfsdcltrack");
    fs::create_directories(recovery_dir + "/v4recovery");
    fs::create_directories(tracker_dir);
    node.bind_in_mount_table(tracker_dir, "253:3", "/recovery/nfsdcltrack");
  }
  void process_runs(int pid, const std::string& comm) {
    FakeNode::write(node.host().proc + "/" + std::to_string(pid) + "/comm", comm + "\n");
  }
  // Unchanged by every action that restarts no nfsd.
  std::string nfsd_controls() const {
    return read_whole_file(node.host().proc + "/fs/nfsd/threads") + read_whole_file(node.host().proc + "/fs/nfsd/nfsv4recoverydir");
  }

  FakeNode node;
  const std::string records_parent = node.root() + "/srv/nfs";   // the service's filesystem
  const std::string recovery_dir = records_parent + "/recovery";
  const std::string tracker_dir = node.host().var_lib_nfs + "/nfsdcltrack";   // tracker_dir's default
};

TEST_F(NfsGraceActions, ProbeOfRecordsNotBoundSaysNotRunning) {
  fs::create_directories(recovery_dir + "/nfsdcltrack");
  fs::create_directories(tracker_dir);
  nfsd_runs(8);
  const auto r = node.probe(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST_F(NfsGraceActions, MonitorOfRecordsNotBoundSaysNotRunning) {
  nfsd_runs(8);
  const auto r = node.monitor(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST_F(NfsGraceActions, MonitorWithTheRecordsBoundAndNfsdServingSaysRunning) {
  records_bound();
  nfsd_serves_the_service(8);
  const auto r = node.monitor(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

// The mount table is the kernel's word: a monitor never looks into the
// service's filesystem (frozen storage would hold it past its timeout).
TEST_F(NfsGraceActions, MonitorTellsTheRecordsBoundFromTheMountTableWithoutTouchingTheServiceFilesystem) {
  fs::create_directories(tracker_dir);
  node.bind_in_mount_table(tracker_dir, "253:3", "/recovery/nfsdcltrack");
  nfsd_serves_the_service(8);
  ASSERT_FALSE(fs::exists(recovery_dir));   // nothing to stat there
  const auto r = node.monitor(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

TEST_F(NfsGraceActions, MonitorWithNfsdStoppedFails) {
  records_bound();
  nfsd_runs(0);
  const auto r = node.monitor(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("nfsd is not running"), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, StartIsRefusedWhileNfsdcldRuns) {
  nfsd_runs(8);
  process_runs(1, "systemd");
  process_runs(812, "nfsdcld");
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::err_installed) << r.reason;
  EXPECT_NE(r.reason.find("nfsdcld runs on this node"), std::string::npos) << r.reason;
  EXPECT_FALSE(fs::exists(recovery_dir));
  EXPECT_FALSE(fs::exists(tracker_dir));
}

TEST_F(NfsGraceActions, StartIsRefusedWithoutTheKernelNfsServer) {
  process_runs(1, "systemd");
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::err_installed) << r.reason;
  EXPECT_NE(r.reason.find("no " + node.host().proc + "/fs/nfsd/threads"), std::string::npos) << r.reason;
  EXPECT_FALSE(fs::exists(recovery_dir));
}

TEST_F(NfsGraceActions, StartWithTheRecordsAlreadyBoundRestartsNoNfsd) {
  records_bound();
  nfsd_serves_the_service(16);
  const std::string before = nfsd_controls();
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(nfsd_controls(), before);
}

TEST_F(NfsGraceActions, StartWithoutARecoveryDirIsAConfigurationError) {
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", {});
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("recovery_dir"), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, ValidateWithABadServerScopeIsNotConfigured) {
  nfsd_runs(8);
  auto p = params();
  p["server_scope"] = "nfs a";
  const auto r = node.run(hanfs::nfs_grace::definition(), "validate-all", p);
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("server_scope 'nfs a'"), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, ValidateOnANodeReadyForTheServiceSucceeds) {
  nfsd_runs(8);
  process_runs(1, "systemd");
  const auto r = node.run(hanfs::nfs_grace::definition(), "validate-all", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

TEST_F(NfsGraceActions, StartWithTheServiceFilesystemNotMountedIsRefusedAndWritesNothing) {
  nfsd_runs(8);
  process_runs(1, "systemd");
  node.mount_table({});   // records_parent is a directory of the root filesystem
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::err_generic);
  EXPECT_NE(r.reason.find("recovery_dir " + recovery_dir + " is on the root filesystem"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("allow_root_filesystem=true"), std::string::npos) << r.reason;
  EXPECT_FALSE(fs::exists(recovery_dir));
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsGraceActions, ValidateWithRecoveryDirOnAMountOfTheRootDeviceIsRefused) {
  nfsd_runs(8);
  process_runs(1, "systemd");
  node.mount_table({{records_parent, "8:1"}});   // a bind mount of / is still /
  const auto r = node.run(hanfs::nfs_grace::definition(), "validate-all", params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("root filesystem"), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, ValidateWithRecoveryDirOnTheRootFilesystemSucceedsWhenAllowed) {
  nfsd_runs(8);
  process_runs(1, "systemd");
  node.mount_table({});
  auto p = params();
  p["allow_root_filesystem"] = "true";
  const auto r = node.run(hanfs::nfs_grace::definition(), "validate-all", p);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

TEST_F(NfsGraceActions, StopOfRecordsNotBoundSucceedsWithoutARestart) {
  nfsd_runs(8);
  const std::string before = nfsd_controls();
  const auto r = node.run(hanfs::nfs_grace::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(nfsd_controls(), before);
}

TEST_F(NfsGraceActions, StopWithABrokenServerScopeStillTakesTheRecordsBack) {
  records_bound();
  nfsd_runs(8);
  // server_scope gone, threads out of range: recovery_dir is what start used,
  // so stop unbinds it (here the fake node's "binding" cannot be unmounted).
  const auto r = node.run(hanfs::nfs_grace::definition(), "stop", {{"recovery_dir", recovery_dir}, {"threads", "-1"}});
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("cannot unmount " + tracker_dir), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, StopWithABrokenRecoveryDirSucceedsWithoutARestart) {
  records_bound();
  nfsd_runs(8);
  const std::string before = nfsd_controls();
  const auto r = node.run(hanfs::nfs_grace::definition(), "stop", {{"recovery_dir", "srv/nfs/recovery"}, {"server_scope", "nfs-a"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(nfsd_controls(), before);
}

// A start killed after the bind, before its nfsd restart: nfsd still runs
// its old threads on the node's records (no grace period, the node's scope).
TEST_F(NfsGraceActions, ProbeAfterAStartKilledBeforeItsRestartIsNotRunningNorStopped) {
  records_bound();
  nfsd_runs(8);
  phase_recorded("restarting", 8);
  const auto r = node.probe(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("'restarting'"), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, ProbeOfBoundRecordsNfsdNeverRestartedForIsNotRunningNorStopped) {
  records_bound();
  nfsd_runs(8);   // no record (HA_RSCTMP cleared): the kernel's facts alone
  const auto r = node.probe(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("not restarted for the service"), std::string::npos) << r.reason;
}

// Killed mid-restart: bound, nfsd left with 0 threads.
TEST_F(NfsGraceActions, StartAfterAStartKilledMidRestartCompletesTheRestart) {
  records_bound();
  nfsd_runs(0);
  phase_recorded("restarting", 12);
  EXPECT_EQ(node.probe(hanfs::nfs_grace::definition(), params()).status, OcfStatus::err_generic);
  const auto r = node.run(hanfs::nfs_grace::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(control("threads"), "12");   // the count recorded before the restart
  EXPECT_EQ(control("nfsv4recoverydir"), recovery_dir + "/v4recovery");
  const auto probe = node.probe(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(probe.status, OcfStatus::success) << probe.reason;
}

// A stop killed after the unbind, before its nfsd restart: the service's
// NFSv4 state still pins its filesystem.
TEST_F(NfsGraceActions, ProbeAfterAStopKilledAfterTheUnbindIsNotRunningNorStopped) {
  fs::create_directories(tracker_dir);
  nfsd_serves_the_service(8);
  const auto r = node.probe(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("a stop was interrupted"), std::string::npos) << r.reason;
}

TEST_F(NfsGraceActions, StopAfterAStopKilledAfterTheUnbindFinishesTheRestart) {
  fs::create_directories(tracker_dir);
  nfsd_serves_the_service(8);
  phase_recorded("releasing", 8);
  const auto r = node.run(hanfs::nfs_grace::definition(), "stop", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(control("nfsv4recoverydir"), node.host().var_lib_nfs + "/v4recovery");
  EXPECT_EQ(control("threads"), "8");
  EXPECT_FALSE(fs::exists(node.rsc_tmp() + "/hanfs-nfs-grace-rsc.state"));
  const auto probe = node.probe(hanfs::nfs_grace::definition(), params());
  EXPECT_EQ(probe.status, OcfStatus::not_running) << probe.reason;
}

// A stop whose restart was abandoned: nfsd has 0 threads; the next stop
// starts the count recorded before it.
TEST_F(NfsGraceActions, StopAfterAnAbandonedRestartRestoresTheRecordedThreadCount) {
  fs::create_directories(tracker_dir);
  FakeNode::write(node.host().proc + "/fs/nfsd/threads", "0\n");
  FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4recoverydir", recovery_dir + "/v4recovery\n");
  phase_recorded("releasing", 16);
  const auto r = node.run(hanfs::nfs_grace::definition(), "stop", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(control("threads"), "16");
  EXPECT_EQ(control("nfsv4recoverydir"), node.host().var_lib_nfs + "/v4recovery");
}

// nfsd's mutex held by a stuck `echo 0 > threads`: the reads would hang.
TEST_F(NfsGraceActions, MonitorDuringAStuckRestartAnswersWithinItsTimeout) {
  records_bound();
  fs::create_directories(node.host().proc + "/fs/nfsd");
  ASSERT_EQ(::mkfifo((node.host().proc + "/fs/nfsd/threads").c_str(), 0600), 0);
  phase_recorded("restarting", 8);
  const auto r = node.run(hanfs::nfs_grace::definition(), "monitor", params(), {{"interval", "0"}, {"timeout", "1000"}});
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("do not answer"), std::string::npos) << r.reason;
}

}  // namespace
