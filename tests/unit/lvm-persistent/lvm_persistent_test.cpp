// lvm-persistent's pure logic: its configuration, the plan of minors, and
// the cross-node comparison.
#include <gtest/gtest.h>

#include <set>

#include "agents/lvm-persistent/config.h"
#include "agents/lvm-persistent/cross_node.h"
#include "agents/lvm-persistent/lv_devices.h"
#include "tests/unit/hostile_values.h"
#include "tests/unit/metadata_files.h"
#include "agents/lvm-persistent/minors.h"

using namespace hanfs;
using namespace hanfs::lvm_persistent;

namespace {

const Metadata& metadata() { return agent_metadata("lvm-persistent"); }

Result<Config> config_from(EnvMap values) {
  static const Metadata md = metadata();
  if (!values.contains("vg_access_mode")) values["vg_access_mode"] = "system_id";
  auto params = Parameters::from_env(md, values);
  if (!params) return fail(params.error());
  return parse_config(*params).strict();
}

// What stop gets: the parameters as the dispatcher gives them to a stop
// with a broken configuration, then the same parser's whole value.
Parsed<Config> stop_config_from(const EnvMap& values) {
  static const Metadata md = metadata();
  return parse_config(Parameters::lenient(md, values));
}

LvRecord lv(const std::string& vg, const std::string& name, int persistent = -1, bool active = false,
            int kernel_minor = -1) {
  LvRecord r;
  r.vg_name = vg;
  r.lv_name = name;
  r.vg_uuid = vg + "-uuid";
  r.lv_uuid = name + "-uuid";
  r.persistent_minor = persistent;
  r.active = active;
  r.kernel_major = active ? 253 : -1;
  r.kernel_minor = kernel_minor;
  return r;
}

DmDevice device(int minor, const std::string& name, const std::string& uuid = "") {
  DmDevice d;
  d.kernel_name = "dm-" + std::to_string(minor);
  d.major = 253;
  d.minor = minor;
  d.name = name;
  d.uuid = uuid;
  return d;
}

Config range_config(int first, int last, std::map<std::string, int> explicit_minors = {}) {
  Config c;
  c.vg = "vg";
  c.range = {first, last};
  c.explicit_minors = std::move(explicit_minors);
  return c;
}

}  // namespace

TEST(LvmPersistentConfig, DefaultsGiveAllLvsSystemIdAndTheReservedRange) {
  auto c = config_from({{"vgname", "vgnfs"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->vg, "vgnfs");
  EXPECT_TRUE(c->lvs.empty());
  EXPECT_TRUE(c->manages("anything"));
  EXPECT_EQ(c->range.first, 10000);
  EXPECT_EQ(c->range.last, 10999);
  EXPECT_EQ(c->activation_mode, "complete");
}

TEST(LvmPersistentConfig, LvListsAndExplicitMinorsAcceptSpacesAndCommas) {
  auto c = config_from({{"vgname", "vg"}, {"lvname", "a, b  a"}, {"minors", "a:300,b:301"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->lvs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c->explicit_minors, (std::map<std::string, int>{{"a", 300}, {"b", 301}}));
  EXPECT_FALSE(c->manages("c"));
}

TEST(LvmPersistentConfig, BadValuesAreNotConfiguredAndNameTheParameter) {
  struct Case { EnvMap env; const char* says; };
  const std::vector<Case> cases = {
      {{{"vgname", "vg x"}}, "parameter vgname"},
      {{{"vgname", "$(reboot)"}}, "parameter vgname"},
      {{{"vgname", "-vg"}}, "parameter vgname"},
      {{{"vgname", "vg"}, {"lvname", "a;b"}}, "parameter lvname"},
      {{{"vgname", "vg"}, {"minor_range", "20-10"}}, "parameter minor_range"},
      {{{"vgname", "vg"}, {"minor_range", "0-2000000"}}, "parameter minor_range"},
      {{{"vgname", "vg"}, {"minor_range", "abc"}}, "parameter minor_range"},
      {{{"vgname", "vg"}, {"minors", "a:x"}}, "parameter minors"},
      {{{"vgname", "vg"}, {"minors", "a:1 a:2"}}, "given twice"},
      {{{"vgname", "vg"}, {"minors", "a:1 b:1"}}, "given twice"},
      {{{"vgname", "vg"}, {"minors", "a:-5"}}, "parameter minors"},
      {{{"vgname", "vg"}, {"lvname", "a"}, {"minors", "b:5"}}, "not among lvname"},
      {{{"vgname", "vg"}, {"vg_access_mode", "tagging"}, {"tag", "a b"}}, "parameter tag"},
  };
  for (const auto& c : cases) {
    auto r = config_from(c.env);
    ASSERT_FALSE(r) << c.says;
    EXPECT_EQ(r.error().status, OcfStatus::err_configured);
    EXPECT_NE(r.error().reason.find(c.says), std::string::npos) << r.error().reason;
  }
}

TEST(LvmPersistentConfig, BrokenConfigurationStillGivesStopTheVgAndTheLvsStartWouldActivate) {
  auto c = stop_config_from({{"vgname", "vgnfs"}, {"lvname", "lv1,lv2"}, {"minor_range", "garbage"}});
  EXPECT_FALSE(c.complete());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].reason.find("parameter minor_range"), std::string::npos) << c.problems[0].reason;
  EXPECT_EQ(c.value.vg, "vgnfs");
  EXPECT_EQ(c.value.lvs, (std::vector<std::string>{"lv1", "lv2"}));
  EXPECT_TRUE(c.value.manages("lv1"));
  EXPECT_TRUE(c.value.manages("lv2"));
  EXPECT_FALSE(c.value.manages("other"));
  EXPECT_EQ(c.value.range.first, 10000);  // the default stands in for the bad range
}

TEST(LvmPersistentConfig, BrokenConfigurationKeepsTheAccessModeAndTagForStop) {
  auto c =
      stop_config_from({{"vgname", "vgnfs"}, {"vg_access_mode", "tagging"}, {"tag", "owner"}, {"minors", "data:ten"}});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].reason.find("parameter minors"), std::string::npos);
  EXPECT_EQ(c.value.access, AccessMode::tagging);
  EXPECT_EQ(c.value.tag, "owner");
  EXPECT_TRUE(c.value.explicit_minors.empty());
}

TEST(LvmPersistentConfig, BrokenLvnameNeverWidensStopToTheWholeVg) {
  auto c = stop_config_from({{"vgname", "vgnfs"}, {"lvname", "a;b"}});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].reason.find("parameter lvname"), std::string::npos);
  EXPECT_FALSE(c.value.manages("data"));
}

TEST(LvmPersistentConfig, BadVgnameLeavesStopNoVg) {
  auto c = stop_config_from({{"vgname", "vg;reboot"}, {"lvname", "a"}});
  EXPECT_FALSE(c.complete());
  EXPECT_TRUE(c.value.vg.empty());
}

TEST(LvmPersistentConfig, EveryBadValueIsAProblemInParameterOrder) {
  auto c = stop_config_from({{"vgname", "vg x"}, {"minor_range", "5-1"}, {"minors", "a:x"}});
  ASSERT_EQ(c.problems.size(), 3u);
  EXPECT_NE(c.problems[0].reason.find("parameter vgname"), std::string::npos);
  EXPECT_NE(c.problems[1].reason.find("parameter minor_range"), std::string::npos);
  EXPECT_NE(c.problems[2].reason.find("parameter minors"), std::string::npos);
  for (const auto& p : c.problems) EXPECT_EQ(p.status, OcfStatus::err_configured);
}

TEST(LvmPersistentMinors, PersistedMinorsAreKeptAndNewOnesTakeTheLowestFreeInRange) {
  const std::vector<LvRecord> ours{lv("vg", "a", 10001), lv("vg", "b"), lv("vg", "c")};
  std::vector<LvRecord> all = ours;
  all.push_back(lv("other", "x", 10000));   // claimed in another VG
  const std::vector<DmDevice> devices{device(10002, "dynamic")};  // used on this node
  auto plan = plan_minors(range_config(10000, 10010), ours, all, devices);
  ASSERT_TRUE(plan) << plan.error().reason;
  ASSERT_EQ(plan->size(), 3u);
  EXPECT_EQ((*plan)[0].minor, 10001);
  EXPECT_FALSE((*plan)[0].to_persist);
  EXPECT_EQ((*plan)[1].minor, 10003);
  EXPECT_TRUE((*plan)[1].to_persist);
  EXPECT_EQ((*plan)[2].minor, 10004);
}

TEST(LvmPersistentMinors, ExplicitMinorsAreUsedAndSkippedByTheSearch) {
  const std::vector<LvRecord> ours{lv("vg", "a"), lv("vg", "b")};
  auto plan = plan_minors(range_config(300, 310, {{"b", 300}}), ours, ours, {});
  ASSERT_TRUE(plan) << plan.error().reason;
  EXPECT_EQ((*plan)[0].lv.lv_name, "a");
  EXPECT_EQ((*plan)[0].minor, 301);
  EXPECT_EQ((*plan)[1].minor, 300);
}

TEST(LvmPersistentMinors, ExplicitMinorDifferentFromThePersistedOneIsNotConfigured) {
  const std::vector<LvRecord> ours{lv("vg", "a", 500)};
  auto plan = plan_minors(range_config(300, 310, {{"a", 301}}), ours, ours, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().status, OcfStatus::err_configured);
  EXPECT_NE(plan.error().reason.find("already has persistent minor 500"), std::string::npos);
}

TEST(LvmPersistentMinors, AutomaticMinorPersistedByAnotherVgsLvIsLeftForTheRecheckWhichYieldsIt) {
  const std::vector<LvRecord> ours{lv("vg", "a", 300)};
  std::vector<LvRecord> all = ours;
  all.push_back(lv("vg2", "x", 300));
  auto plan = plan_minors(range_config(300, 310), ours, all, {});
  ASSERT_TRUE(plan) << plan.error().reason;
  auto check = recheck_minors(range_config(300, 310), ours, all, {}, 1);
  ASSERT_TRUE(check) << check.error().reason;
  EXPECT_FALSE(check->clean());
  ASSERT_EQ(check->plan.size(), 1u);
  EXPECT_TRUE(check->plan[0].to_persist);
  EXPECT_NE(check->plan[0].minor, 300);
  EXPECT_TRUE(range_config(300, 310).range.contains(check->plan[0].minor));
  ASSERT_EQ(check->yielded.size(), 1u);
  EXPECT_NE(check->yielded[0].find("which LV vg2/x stored too"), std::string::npos) << check->yielded[0];
}

TEST(LvmPersistentMinors, MinorsMinorPersistedByAnotherVgsLvIsNotConfiguredNamingIt) {
  const std::vector<LvRecord> ours{lv("vg", "a", 500)};
  std::vector<LvRecord> all = ours;
  all.push_back(lv("vg2", "x", 500));
  auto config = range_config(300, 310);
  config.explicit_minors["a"] = 500;
  auto plan = plan_minors(config, ours, all, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().status, OcfStatus::err_configured);
  EXPECT_NE(plan.error().reason.find("LV vg2/x"), std::string::npos) << plan.error().reason;
}

TEST(LvmPersistentMinors, RecheckKeepsTheMinorOfAnLvActiveHereAndOfOneNobodyElseStored) {
  std::vector<LvRecord> ours{lv("vg", "a", 300), lv("vg", "b", 301)};
  ours[0].active = true;
  ours[0].kernel_minor = 300;
  std::vector<LvRecord> all = ours;
  all.push_back(lv("vg2", "x", 300));
  auto check = recheck_minors(range_config(300, 310), ours, all, {}, 1);
  ASSERT_TRUE(check) << check.error().reason;
  EXPECT_TRUE(check->clean());
}

TEST(LvmPersistentMinors, PickFreeMinorSkipsStoredUsedAndTakenMinorsAndVariesWithTheSeed) {
  const MinorRange range{300, 304};
  const std::vector<LvRecord> all{lv("vg", "a", 300), lv("vg2", "x", 302)};
  const std::vector<DmDevice> devices{device(303, "decoy")};
  std::set<int> seen;
  for (std::uint64_t seed = 0; seed < 20; ++seed) seen.insert(pick_free_minor(range, all, devices, {301}, seed));
  EXPECT_EQ(seen, (std::set<int>{304}));
  seen.clear();
  for (std::uint64_t seed = 0; seed < 20; ++seed) seen.insert(pick_free_minor(range, all, {}, {}, seed));
  EXPECT_EQ(seen, (std::set<int>{301, 303, 304}));
  EXPECT_EQ(pick_free_minor(range, all, devices, {301, 304}, 7), -1);
  EXPECT_NE(yield_seed("uuid-a", 1), yield_seed("uuid-a", 2));
  EXPECT_NE(yield_seed("uuid-a", 1), yield_seed("uuid-b", 1));
}

TEST(LvmPersistentMinors, MinorTakenOnThisNodeIsErrArgsNamingTheDevice) {
  const std::vector<LvRecord> ours{lv("vg", "a", 500)};
  auto plan = plan_minors(range_config(300, 310), ours, ours, {device(500, "decoy")});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().status, OcfStatus::err_args);
  EXPECT_NE(plan.error().reason.find("device decoy (dm-500, 253:500)"), std::string::npos) << plan.error().reason;
}

TEST(LvmPersistentMinors, OurOwnActiveDeviceIsNotAConflict) {
  const std::vector<LvRecord> ours{lv("vg", "a", 500, true, 500)};
  auto plan = plan_minors(range_config(300, 310), ours, ours, {device(500, "vg-a", lvm_dm_uuid("vg-uuid", "a-uuid"))});
  ASSERT_TRUE(plan) << plan.error().reason;
  EXPECT_EQ((*plan)[0].minor, 500);
}

TEST(LvmPersistentMinors, LvActiveOnAnotherMinorMustBeDeactivatedFirst) {
  const std::vector<LvRecord> ours{lv("vg", "a", 500, true, 3)};
  auto plan = plan_minors(range_config(300, 310), ours, ours, {device(3, "vg-a", lvm_dm_uuid("vg-uuid", "a-uuid"))});
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().reason.find("already active with minor 3 instead of 500"), std::string::npos);
}

TEST(LvmPersistentMinors, ExhaustedRangeSaysSo) {
  const std::vector<LvRecord> ours{lv("vg", "a"), lv("vg", "b")};
  auto plan = plan_minors(range_config(300, 300), ours, ours, {});
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().reason.find("no free minor left in minor_range 300-300"), std::string::npos);
}

TEST(LvmPersistentCrossNode, MismatchesNameTheLvAndBothNumbers) {
  auto found = mismatches("a=253:10000 b=253:10001",
                          {{"node1", "a=253:10000 b=253:10001"}, {"node2", "a=254:10000 b=253:10001"}}, "node1");
  EXPECT_EQ(found, (std::vector<std::string>{"a is 253:10000 here, 254:10000 on node2"}));
  EXPECT_TRUE(mismatches("a=253:1", {{"node2", "a=253:1"}}, "node1").empty());
}

// --- the VG's devices as the kernel names them ------------------------------

TEST(LvDevices, DmNamesSplitIntoVgLvAndLayerWithDoubledDashesUndone) {
  auto n = split_dm_name("vg--nfs-lv--a-real");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->vg, "vg-nfs");
  EXPECT_EQ(n->lv, "lv-a");
  EXPECT_EQ(n->layer, "real");
  n = split_dm_name("vgnfs-data");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->vg, "vgnfs");
  EXPECT_EQ(n->lv, "data");
  EXPECT_EQ(n->layer, "");
  EXPECT_FALSE(split_dm_name("nodash"));
  EXPECT_FALSE(split_dm_name("vg--only"));
}

TEST(LvDevices, LayersAndSubLvsCountForTheirLvAndOtherVgsAndPlainDevicesForNone) {
  auto dm = [](const std::string& name, const std::string& uuid) {
    DmDevice d;
    d.name = name;
    d.uuid = uuid;
    return d;
  };
  const std::vector<DmDevice> devices{dm("vgnfs-data", "LVM-x"),          dm("vgnfs-data_rimage_0", "LVM-y"),
                                      dm("vgnfs-pool-tpool", "LVM-z-tpool"), dm("vgnfs-pool_tmeta", "LVM-w"),
                                      dm("vgnfs--old-data", "LVM-v"),     dm("vgnfs-lv_home", "LVM-u"),
                                      dm("vgnfs-fake", "CRYPT-x")};
  std::vector<std::string> lvs;
  for (const auto& d : devices_of_vg(devices, "vgnfs")) lvs.push_back(d.lv);
  EXPECT_EQ(lvs, (std::vector<std::string>{"data", "data", "pool", "pool", "lv_home"}));
}

TEST(LvmPersistentConfig, HostileParameterValuesParseOrAreRefusedNamingTheParameter) {
  hanfs::testing::feed_hostile_values(metadata(), {{"vgname", "vgnfs"}, {"vg_access_mode", "system_id"}},
                                      [](const Parameters& p) { return parse_config(p).problems; });
}
