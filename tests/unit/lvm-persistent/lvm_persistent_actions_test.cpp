// lvm-persistent's actions on a fake node (tests/unit/fake_node.h) with a
// scripted LVM and a sysfs tree (fake_lvm.h): what each action decides from
// what LVM and the kernel show.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "agents/lvm-persistent/actions.h"
#include "common/sys/file_lock.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/lvm-persistent/fake_lvm.h"

namespace {

using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::Outcome;
using hanfs::lvm_persistent::definition;
using hanfs::lvm_persistent::testing::FakeLvm;
using hanfs::lvm_persistent::testing::FakeVg;
using hanfs::testing::exited;
using hanfs::testing::FakeNode;
using hanfs::testing::timed_out;
using Argv = std::vector<std::string>;
using Calls = std::vector<Argv>;

const EnvMap P{{"vgname", "vgnfs"}, {"vg_access_mode", "system_id"}};

EnvMap with(EnvMap params, const EnvMap& more) {
  for (const auto& [k, v] : more) params[k] = v;
  return params;
}

bool says(const Outcome& r, const std::string& what) { return r.reason.find(what) != std::string::npos; }

// A node that sees VG vgnfs (data, lv-logs; no minor persisted yet, last
// owned by nodeB) and is LVM system ID nodeA.
struct LvmNode {
  FakeNode node;
  FakeLvm lvm{node};
  LvmNode() { lvm.add_vg(FakeVg("vgnfs", {{"data"}, {"lv-logs"}}, "nodeB")); }

  Outcome start(const EnvMap& params = P) { return node.run(definition(), "start", params); }
  Outcome stop(const EnvMap& params = P) { return node.run(definition(), "stop", params); }
  Calls calls(const Argv& prefix) const { return node.commands.calls_of(prefix); }
  bool has_device(int minor) const { return std::filesystem::exists(lvm.sysfs_dir(minor)); }
  bool has_state() const { return !std::filesystem::is_empty(node.rsc_tmp()); }
  // Start killed between its activation and its state write (or HA_RSCTMP
  // lost): our LVs active on their minors, no state file.
  void active_without_state() {
    lvm.lv("vgnfs", "data").persistent_minor = 10000;
    lvm.lv("vgnfs", "lv-logs").persistent_minor = 10001;
    lvm.activate_behind_its_back("vgnfs", "data", 10000);
    lvm.activate_behind_its_back("vgnfs", "lv-logs", 10001);
  }
  // LVM fails on the VG (a PV read error, a lock it cannot get).
  void lvs_fails() {
    node.commands.on({"lvs"}, exited(5, "", "  Cannot process volume group vgnfs\n"));
  }
  void lvs_hangs() { node.commands.on({"lvs"}, timed_out()); }
};

// --- probe -----------------------------------------------------------------

TEST(LvmPersistentActions, ProbeWithoutStateOfAnInactiveVgSaysNotRunning) {
  LvmNode n;
  const auto r = n.node.probe(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
}

TEST(LvmPersistentActions, ProbeWithoutStateFindsAnLvActivatedByHand) {
  LvmNode n;
  n.lvm.activate_behind_its_back("vgnfs", "data", 0);  // lvchange -ay by hand: a dynamic minor
  const auto r = n.node.probe(definition(), P);
  EXPECT_NE(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;  // with a warning, as before
}

TEST(LvmPersistentActions, ProbeWithoutStateIgnoresActiveLvsItDoesNotManage) {
  LvmNode n;
  n.lvm.activate_behind_its_back("vgnfs", "lv-logs", 0);
  const auto r = n.node.probe(definition(), with(P, {{"lvname", "data"}}));
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST(LvmPersistentActions, ProbeWithoutStateWhileLvsFailsOrHangsAndTheKernelShowsOurLvsSaysTheyAreActive) {
  for (const bool hangs : {false, true}) {
    LvmNode n;
    n.active_without_state();
    if (hangs) n.lvs_hangs();
    else n.lvs_fails();
    const auto r = n.node.probe(definition(), P);
    EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
    EXPECT_TRUE(says(r, "LVs data, lv-logs of VG vgnfs active on this node")) << r.reason;
    EXPECT_TRUE(says(r, hangs ? "LVM cannot list the VG" : "Cannot process volume group vgnfs")) << r.reason;
  }
}

TEST(LvmPersistentActions, ProbeWithoutStateWhileLvsFailsAndNoDeviceOfTheVgIsInSysfsSaysNotRunning) {
  LvmNode n;
  // Devices whose names only look alike: VG vgnfs-old (dashes doubled), a
  // plain dm device that is no LV.
  n.lvm.add_vg(FakeVg("vgnfs-old", {{"data", -1, 10005}}, "nodeA"));
  n.lvm.add_plain_device(10006, "vgnfs-data");
  n.lvs_fails();
  const auto r = n.node.probe(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST(LvmPersistentActions, ProbeWithoutStateWithoutSysfsCannotTellAndSaysSo) {
  LvmNode n;
  std::filesystem::remove_all(n.node.host().sys + "/block");
  n.lvs_fails();
  const auto r = n.node.probe(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "cannot tell what is active")) << r.reason;
}

TEST(LvmPersistentActions, ProbeWithoutStateFindsAnLvWhoseOnlyActivePieceIsASubLv) {
  LvmNode n;
  FakeNode::write(n.lvm.sysfs_dir(10009) + "/dev", "253:10009\n");
  FakeNode::write(n.lvm.sysfs_dir(10009) + "/dm/name", "vgnfs-data_rimage_0\n");
  FakeNode::write(n.lvm.sysfs_dir(10009) + "/dm/uuid", n.lvm.dm_uuid("vgnfs", "data_rimage_0") + "\n");
  n.lvs_fails();
  const auto r = n.node.probe(definition(), with(P, {{"lvname", "data"}}));
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LV data of VG vgnfs active")) << r.reason;
}

TEST(LvmPersistentActions, ProbeWithABrokenConfigurationSaysWhatIsActiveNotNotConfigured) {
  LvmNode n;
  const EnvMap broken = with(P, {{"lvname", "data,lv-logs"}, {"minor_range", "garbage"}});
  EXPECT_EQ(n.node.probe(definition(), broken).status, OcfStatus::not_running);
  n.active_without_state();
  const auto r = n.node.probe(definition(), broken);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;   // LVM answers: active here, Pacemaker must know
  EXPECT_EQ(n.start(broken).status, OcfStatus::err_configured);  // what acts on it refuses it
}

TEST(LvmPersistentActions, RecurringMonitorWithoutStateOfActiveLvsFailsNamingThem) {
  LvmNode n;
  n.active_without_state();
  const auto r = n.node.monitor(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "no record of starting them")) << r.reason;
  EXPECT_TRUE(n.calls({"lvs"}).empty());  // depth 0 forks nothing
}

// --- start -----------------------------------------------------------------

TEST(LvmPersistentActions, StartPersistsTheLowestFreeMinorsOfTheRangeAndActivatesOnThem) {
  LvmNode n;
  const auto r = n.start();
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"lvchange", "--yes", "--persistent"}),
            (Calls{{"lvchange", "--yes", "--persistent", "y", "--minor", "10000", "vgnfs/data"},
                   {"lvchange", "--yes", "--persistent", "y", "--minor", "10001", "vgnfs/lv-logs"}}));
  EXPECT_EQ(n.calls({"lvchange", "--activate"}),
            (Calls{{"lvchange", "--activate", "y", "--activationmode", "complete", "vgnfs/data", "vgnfs/lv-logs"}}));
  EXPECT_EQ(n.calls({"vgchange"}),
            (Calls{{"vgchange", "--config", "local/extra_system_ids=[\"nodeB\"]", "--systemid", "nodeA", "vgnfs"},
                   {"vgchange", "--setautoactivation", "n", "vgnfs"}}));
  EXPECT_TRUE(n.has_device(10000));
  EXPECT_TRUE(n.has_device(10001));
  EXPECT_TRUE(n.has_state());
  EXPECT_EQ(n.node.monitor(definition(), P).status, OcfStatus::success);
}

TEST(LvmPersistentActions, StartKeepsAPersistedMinorAndSkipsMinorsTakenElsewhere) {
  LvmNode n;
  n.lvm.lv("vgnfs", "lv-logs").persistent_minor = 10000;
  n.lvm.add_vg(FakeVg("vgother", {{"x", 10001}, {"y", 10002, 10002}}, "nodeA"));
  ASSERT_EQ(n.start().status, OcfStatus::success);
  EXPECT_EQ(n.calls({"lvchange", "--yes", "--persistent"}),
            (Calls{{"lvchange", "--yes", "--persistent", "y", "--minor", "10003", "vgnfs/data"}}));
}

TEST(LvmPersistentActions, StartWhenADynamicDeviceIsInTheRangeIsRefusedAsValidateAllRefusesIt) {
  LvmNode n;
  n.lvm.add_plain_device(10002, "decoy");
  const auto r = n.start();
  EXPECT_EQ(r.status, OcfStatus::err_args) << r.reason;
  EXPECT_TRUE(says(r, "minor_range 10000-10999 overlaps device decoy (253:10002)")) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
  EXPECT_TRUE(n.calls({"vgchange"}).empty());
}

TEST(LvmPersistentActions, StartWhenAnotherNodeStoresTheSameMinorMeanwhileChoosesAgainAndActivatesOnIt) {
  LvmNode n;
  n.lvm.add_vg(FakeVg("vgother", {{"x"}}, "nodeB"));
  // nodeB's start of vgother took its snapshot before ours stored 10000.
  n.lvm.after_persist = [&] {
    if (n.lvm.lv("vgother", "x").persistent_minor < 0) n.lvm.lv("vgother", "x").persistent_minor = 10000;
  };
  const auto r = n.start(with(P, {{"lvname", "data"}}));
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  const int minor = n.lvm.lv("vgnfs", "data").persistent_minor;
  EXPECT_NE(minor, 10000);
  EXPECT_GT(minor, 10000);
  EXPECT_LE(minor, 10999);
  EXPECT_EQ(n.lvm.lv("vgnfs", "data").active_minor, minor);
  EXPECT_EQ(n.calls({"lvchange", "--yes", "--persistent"}).size(), 2u);
  EXPECT_FALSE(n.has_device(10000));
  EXPECT_EQ(n.node.monitor(definition(), with(P, {{"lvname", "data"}})).status, OcfStatus::success);
}

TEST(LvmPersistentActions, StartOfAVgWhoseMinorAnotherVgAlsoStoredChoosesAgainInsteadOfNotConfigured) {
  LvmNode n;
  n.lvm.lv("vgnfs", "data").persistent_minor = 10000;   // the old bug: both stored 10000
  n.lvm.add_vg(FakeVg("vgother", {{"x", 10000}}, "nodeB"));
  const auto r = n.start(with(P, {{"lvname", "data"}}));
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_NE(n.lvm.lv("vgnfs", "data").persistent_minor, 10000);
  EXPECT_EQ(n.lvm.lv("vgnfs", "data").active_minor, n.lvm.lv("vgnfs", "data").persistent_minor);
  EXPECT_EQ(n.lvm.lv("vgother", "x").persistent_minor, 10000);  // the other VG keeps it
}

TEST(LvmPersistentActions, StartWhenAnotherVgsLvActiveHereStoredOurMinorTooYields) {
  LvmNode n;
  n.lvm.lv("vgnfs", "data").persistent_minor = 10000;
  n.lvm.add_vg(FakeVg("vgother", {{"x", 10000, 10000}}, "nodeA"));
  const auto r = n.start(with(P, {{"lvname", "data"}}));
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_NE(n.lvm.lv("vgnfs", "data").active_minor, 10000);
  EXPECT_TRUE(n.has_device(10000));
}

TEST(LvmPersistentActions, StartWhenAnotherVgsLvStoredTheMinorGivenInMinorsIsNotConfiguredNamingIt) {
  LvmNode n;
  n.lvm.add_vg(FakeVg("vgother", {{"x", 10005}}));
  const auto r = n.start(with(P, {{"minors", "data:10005"}}));
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_TRUE(says(r, "minor 10005 of LV vgnfs/data (given in minors=) is also the persistent minor of LV vgother/x"))
      << r.reason;
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
}

TEST(LvmPersistentActions, StartWaitsForTheNodeLockOfAnotherStartAndTimesOutNamingIt) {
  LvmNode n;
  const auto lock_file = n.node.host().run_dir + "/lock/hanfs-lvm-persistent-minors.lock";
  const auto other_start = hanfs::FileLock::acquire(lock_file, hanfs::Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(other_start);
  const auto began = std::chrono::steady_clock::now();
  const auto r = n.node.run(definition(), "start", P, {{"timeout", "2000"}});
  const auto took = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, lock_file)) << r.reason;
  EXPECT_LT(took, std::chrono::milliseconds(2000));
  EXPECT_GE(took, std::chrono::milliseconds(900));  // it waited
  EXPECT_TRUE(n.calls({"lvs"}).empty());            // the inventory waits for the lock
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
}

TEST(LvmPersistentActions, StartOfAVgHiddenByStaleDeviceHintsRescansAndStarts) {
  LvmNode n;
  n.lvm.vg("vgnfs").hidden_by_hints = true;
  const auto r = n.start();
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"pvscan"}), (Calls{{"pvscan", "--cache"}}));
  EXPECT_TRUE(n.has_device(10000));
}

TEST(LvmPersistentActions, StartOfAVgNotThereAfterTheRescanSaysNotVisible) {
  FakeNode node;
  FakeLvm lvm{node};
  const auto r = node.run(definition(), "start", P);
  EXPECT_EQ(r.status, OcfStatus::err_args) << r.reason;
  EXPECT_TRUE(says(r, "volume group vgnfs is not visible on this node")) << r.reason;
  EXPECT_EQ(node.commands.calls_of({"pvscan"}).size(), 1u);
}

TEST(LvmPersistentActions, StartOfAStartedVgChangesNothing) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  const auto changes = n.calls({"lvchange"}).size() + n.calls({"vgchange"}).size();
  const auto r = n.start();
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"lvchange"}).size() + n.calls({"vgchange"}).size(), changes);
}

TEST(LvmPersistentActions, StartWhenAnotherVgsLvIsActiveOnOurMinorIsRefusedNamingIt) {
  LvmNode n;
  n.lvm.lv("vgnfs", "data").persistent_minor = 10000;
  n.lvm.add_vg(FakeVg("vgother", {{"x", -1, 10000}}, "nodeA"));
  const auto r = n.start();
  EXPECT_EQ(r.status, OcfStatus::err_args) << r.reason;
  EXPECT_TRUE(says(r, "minor 10000 of LV vgnfs/data is taken on this node by device vgother-x (dm-10000, 253:10000)"))
      << r.reason;
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
  EXPECT_TRUE(n.calls({"vgchange"}).empty());
  EXPECT_FALSE(n.has_state());
}

// --- monitor ---------------------------------------------------------------

TEST(LvmPersistentActions, MonitorOfAVgGoneFromSysfsFailsAndAProbeSaysNotRunning) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  n.lvm.remove_behind_its_back("vgnfs", "data");
  n.lvm.remove_behind_its_back("vgnfs", "lv-logs");
  const auto recurring = n.node.monitor(definition(), P);
  EXPECT_EQ(recurring.status, OcfStatus::err_generic) << recurring.reason;
  EXPECT_TRUE(says(recurring, "VG vgnfs is no longer active")) << recurring.reason;
  const auto probe = n.node.probe(definition(), P);
  EXPECT_EQ(probe.status, OcfStatus::not_running) << probe.reason;
}

TEST(LvmPersistentActions, MonitorOfOneLvGoneNamesIt) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  n.lvm.remove_behind_its_back("vgnfs", "lv-logs");
  const auto r = n.node.monitor(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LV lv-logs is not active")) << r.reason;
}

TEST(LvmPersistentActions, MonitorOfAnLvOnAnotherMinorNamesIt) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  n.lvm.activate_behind_its_back("vgnfs", "data", 5);
  const auto r = n.node.monitor(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LV data on 253:5 instead of minor 10000")) << r.reason;
}

TEST(LvmPersistentActions, MonitorAtDepth10ReadsEveryLvsFirstBlock) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  const auto r = n.node.monitor(definition(), P, 10);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

TEST(LvmPersistentActions, MonitorAtDepth10OfAnLvThatCannotBeReadFailsNamingIt) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  std::filesystem::remove(n.lvm.device_node(10001));   // lv-logs
  EXPECT_EQ(n.node.monitor(definition(), P, 0).status, OcfStatus::success);   // depth 0 reads nothing
  const auto r = n.node.monitor(definition(), P, 10);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "vgnfs/lv-logs")) << r.reason;
}

TEST(LvmPersistentActions, MonitorAtDepth10OfASuspendedLvSaysSoWithoutReadingIt) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  FakeNode::write(n.lvm.sysfs_dir(10000) + "/dm/suspended", "1\n");
  const auto r = n.node.monitor(definition(), P, 10);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LV vgnfs/data (dm-10000) is suspended")) << r.reason;
}

TEST(LvmPersistentActions, MonitorOfAnLvCreatedInTheVgSinceStartIsDegradedNamingIt) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  n.lvm.vg("vgnfs").lvs.push_back({"new-lv"});  // lvcreate: active on a dynamic minor
  n.lvm.activate_behind_its_back("vgnfs", "new-lv", 3);
  const auto r = n.node.monitor(definition(), P);
  EXPECT_EQ(r.status, OcfStatus::degraded) << r.reason;
  EXPECT_TRUE(says(r, "LV vgnfs/new-lv is active as 253:3 but was not started by this resource")) << r.reason;
}

TEST(LvmPersistentActions, MonitorIgnoresAnLvOfTheVgItDoesNotManage) {
  LvmNode n;
  ASSERT_EQ(n.start(with(P, {{"lvname", "data"}})).status, OcfStatus::success);
  n.lvm.activate_behind_its_back("vgnfs", "lv-logs", 3);
  const auto r = n.node.monitor(definition(), with(P, {{"lvname", "data"}}));
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

// --- stop ------------------------------------------------------------------

TEST(LvmPersistentActions, StopWithABrokenMinorRangeDeactivatesEveryLvStartActivated) {
  LvmNode n;
  n.lvm.vg("vgnfs").lvs.push_back({"scratch"});
  const EnvMap config = with(P, {{"lvname", "data,lv-logs"}});
  ASSERT_EQ(n.start(config).status, OcfStatus::success);
  const Calls activated = n.calls({"lvchange", "--activate", "y"});
  ASSERT_EQ(activated,
            (Calls{{"lvchange", "--activate", "y", "--activationmode", "complete", "vgnfs/data", "vgnfs/lv-logs"}}));

  const auto r = n.stop(with(config, {{"minor_range", "garbage"}}));
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"lvchange", "--activate", "n"}),
            (Calls{{"lvchange", "--activate", "n", "vgnfs/data", "vgnfs/lv-logs"}}));
  EXPECT_FALSE(n.has_device(10000));
  EXPECT_FALSE(n.has_device(10001));
  EXPECT_FALSE(n.has_state());
}

TEST(LvmPersistentActions, StopWithoutAnAccessModeAndWithBadMinorsDeactivatesTheVg) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  const auto r = n.stop({{"vgname", "vgnfs"}, {"minors", "garbage"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"lvchange", "--activate", "n"}),
            (Calls{{"lvchange", "--activate", "n", "vgnfs/data", "vgnfs/lv-logs"}}));
}

TEST(LvmPersistentActions, StopInTaggingModeWithABrokenRangeGivesTheTagBack) {
  LvmNode n;
  n.lvm.volume_list = "[\"vgroot\"]";
  const EnvMap tagging{{"vgname", "vgnfs"}, {"vg_access_mode", "tagging"}, {"tag", "hanfs_owner"}};
  ASSERT_EQ(n.start(tagging).status, OcfStatus::success);
  EXPECT_EQ(n.lvm.vg("vgnfs").tags, (std::vector<std::string>{"hanfs_owner"}));
  const auto r = n.stop(with(tagging, {{"minor_range", "10-1"}}));
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(n.lvm.vg("vgnfs").tags.empty());
  EXPECT_FALSE(n.has_device(10000));
}

TEST(LvmPersistentActions, StopWithABrokenLvnameDeactivatesNoLvItDoesNotName) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  const auto r = n.stop(with(P, {{"lvname", "data;x"}}));
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange", "--activate", "n"}).empty());
}

TEST(LvmPersistentActions, StopOfAStoppedVgSucceedsAndChangesNothing) {
  LvmNode n;
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
  EXPECT_TRUE(n.calls({"vgchange"}).empty());
}

TEST(LvmPersistentActions, StopThenStopAgainAndProbeSayStopped) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  ASSERT_EQ(n.stop().status, OcfStatus::success);
  EXPECT_EQ(n.stop().status, OcfStatus::success);
  EXPECT_EQ(n.calls({"lvchange", "--activate", "n"}).size(), 1u);
  EXPECT_EQ(n.node.probe(definition(), P).status, OcfStatus::not_running);
}

TEST(LvmPersistentActions, StopOfAVgThisNodeDoesNotSeeSucceeds) {
  LvmNode n;
  const auto r = n.stop({{"vgname", "novg"}, {"vg_access_mode", "system_id"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange"}).empty());
}

TEST(LvmPersistentActions, StopWithoutStateWhileLvsFailsDeactivatesWhatTheKernelShows) {
  LvmNode n;
  n.active_without_state();
  n.lvs_fails();
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"lvchange", "--activate", "n"}),
            (Calls{{"lvchange", "--activate", "n", "vgnfs/data", "vgnfs/lv-logs"}}));
  EXPECT_FALSE(n.has_device(10000));
  EXPECT_FALSE(n.has_device(10001));
}

TEST(LvmPersistentActions, StopWithoutStateWhileLvsHangsDeactivatesWhatTheKernelShows) {
  LvmNode n;
  n.active_without_state();
  n.lvs_hangs();
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(n.has_device(10000));
  EXPECT_FALSE(n.has_device(10001));
}

TEST(LvmPersistentActions, StopWithoutStateWhenLvmCannotDeactivateFailsNamingTheActiveLvs) {
  LvmNode n;
  n.active_without_state();
  n.lvs_hangs();
  n.node.commands.on({"lvchange"}, timed_out());
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LVs data, lv-logs of VG vgnfs still active after stop")) << r.reason;
  EXPECT_TRUE(n.has_device(10000));
}

// The PV froze (dm linear over a loop device, suspended): LVM hangs on it,
// and the reason says where to look.
TEST(LvmPersistentActions, StopWhenLvmHangsOnAFrozenPvFailsNamingTheSuspendedPv) {
  LvmNode n;
  n.active_without_state();
  n.lvs_hangs();
  n.node.commands.on({"lvchange"}, timed_out());
  const std::string pv = n.node.host().sys + "/block/dm-3";
  FakeNode::write(pv + "/dev", "253:3\n");
  FakeNode::write(pv + "/dm/name", "pvfa\n");
  FakeNode::write(pv + "/dm/uuid", "\n");
  FakeNode::write(pv + "/dm/suspended", "1\n");
  FakeNode::write(pv + "/slaves/loop0", "");
  for (int minor : {10000, 10001}) FakeNode::write(n.lvm.sysfs_dir(minor) + "/slaves/dm-3", "");
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "its storage: pvfa (dm-3, suspended)")) << r.reason;
}

TEST(LvmPersistentActions, StopWithoutStateOfAMountedLvWhileLvsFailsIsRefusedNamingTheMountPoint) {
  LvmNode n;
  n.active_without_state();
  n.lvm.mount("vgnfs", "data", "/srv/nfs");
  n.lvs_fails();
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LV vgnfs/data is still in use (mounted on /srv/nfs)")) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange", "--activate", "n"}).empty());
}

TEST(LvmPersistentActions, StopWithoutStateAndABrokenMinorRangeDeactivatesExactlyWhatStartWouldActivate) {
  LvmNode n;
  n.lvm.vg("vgnfs").lvs.push_back({"scratch"});
  n.active_without_state();
  n.lvm.activate_behind_its_back("vgnfs", "scratch", 10002);  // not ours: lvname names two LVs
  n.lvs_fails();
  const auto r = n.stop(with(P, {{"lvname", "data,lv-logs"}, {"minor_range", "garbage"}}));
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(n.calls({"lvchange", "--activate", "n"}),
            (Calls{{"lvchange", "--activate", "n", "vgnfs/data", "vgnfs/lv-logs"}}));
  EXPECT_FALSE(n.has_device(10000));
  EXPECT_FALSE(n.has_device(10001));
  EXPECT_TRUE(n.has_device(10002));
}

TEST(LvmPersistentActions, StopWhoseDeactivationLeavesAnLvActiveFailsNamingIt) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  n.node.commands.on({"lvchange", "--activate", "n"}, exited(0));  // says done, did nothing
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "still active after stop")) << r.reason;
}

TEST(LvmPersistentActions, StopWhileAnLvIsMountedIsRefusedNamingTheMountPoint) {
  LvmNode n;
  ASSERT_EQ(n.start().status, OcfStatus::success);
  n.lvm.mount("vgnfs", "data", "/srv/nfs");
  const auto r = n.stop();
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_TRUE(says(r, "LV vgnfs/data is still in use (mounted on /srv/nfs)")) << r.reason;
  EXPECT_TRUE(n.calls({"lvchange", "--activate", "n"}).empty());
  EXPECT_TRUE(n.has_device(10000));
}

}  // namespace
