#include "common/storage/lvm.h"

#include <gtest/gtest.h>

using namespace hanfs;

// Captured from lvs/vgs 2.03.16 in the lab VM (--noheadings --binary --separator '|').
constexpr const char* lvs_output =
    "  vgx|lv-dash|ia8QOq-8vD1-y2bO-vsgU-Nh2c-hDol-Twm2ik|6nSj6e-c0NT-40Qk-ZyWq-LDJz-w6nr-CBCOf5|300000|253|300000|1|0\n"
    "  vgx|lv1|ia8QOq-8vD1-y2bO-vsgU-Nh2c-hDol-Twm2ik|fYX5NI-PcJP-Hk6H-AqsM-3T1g-gZdK-CDR2eg|-1|-1|-1|0|-1\n"
    "  vgy|data|Zz8QOq-8vD1-y2bO-vsgU-Nh2c-hDol-Twm2ik|aaX5NI-PcJP-Hk6H-AqsM-3T1g-gZdK-CDR2eg|10000|253|10000|1|1\n";

TEST(LvmReport, LvRowsGiveMinorsActivityAndOpenState) {
  auto lvs = parse_lv_report(lvs_output);
  ASSERT_TRUE(lvs) << lvs.error().reason;
  ASSERT_EQ(lvs->size(), 3u);
  const LvRecord& dash = (*lvs)[0];
  EXPECT_EQ(dash.full_name(), "vgx/lv-dash");
  EXPECT_EQ(dash.persistent_minor, 300000);
  EXPECT_EQ(dash.kernel_major, 253);
  EXPECT_TRUE(dash.active);
  EXPECT_FALSE(dash.open);
  const LvRecord& lv1 = (*lvs)[1];
  EXPECT_EQ(lv1.persistent_minor, -1);
  EXPECT_EQ(lv1.kernel_minor, -1);
  EXPECT_FALSE(lv1.active);
  EXPECT_FALSE(lv1.open);  // -1: unknown, inactive
  EXPECT_TRUE((*lvs)[2].open);
}

TEST(LvmReport, UnexpectedRowsAreRefusedNotGuessed) {
  EXPECT_FALSE(parse_lv_report("  vgx|lv1|too|few\n"));
  EXPECT_FALSE(parse_vg_report("  WARNING: something\n"));
  EXPECT_TRUE(parse_lv_report("\n  \n")->empty());
}

TEST(LvmReport, VgRowsGiveSystemIdTagsAndAutoactivation) {
  auto vgs = parse_vg_report(
      "  vgx|ia8QOq-8vD1-y2bO-vsgU-Nh2c-hDol-Twm2ik|nodeA|pacemaker,other|0||2|1|0\n"
      "  vgy|Zz8QOq-8vD1-y2bO-vsgU-Nh2c-hDol-Twm2ik|||1||1|0|0\n");
  ASSERT_TRUE(vgs) << vgs.error().reason;
  ASSERT_EQ(vgs->size(), 2u);
  EXPECT_EQ((*vgs)[0].system_id, "nodeA");
  EXPECT_EQ((*vgs)[0].tags, (std::vector<std::string>{"pacemaker", "other"}));
  EXPECT_FALSE((*vgs)[0].autoactivation);
  EXPECT_EQ((*vgs)[0].pv_count, 2);
  EXPECT_EQ((*vgs)[0].missing_pv_count, 1);
  EXPECT_TRUE((*vgs)[1].tags.empty());
  EXPECT_TRUE((*vgs)[1].autoactivation);
}

TEST(LvmReport, SystemIdLineIsParsedAndEmptyWhenUnset) {
  EXPECT_EQ(parse_system_id("  system ID: node1\n"), "node1");
  EXPECT_EQ(parse_system_id("  system ID: \n"), "");
  EXPECT_EQ(parse_system_id(""), "");
}

TEST(LvmNames, OnlyLvmsOwnCharactersAreValid) {
  for (const char* ok : {"vg0", "my-vg", "a+b", "x_y.z"}) EXPECT_TRUE(valid_lvm_name(ok)) << ok;
  for (const char* bad : {"", "-vg", "a b", "a/b", "a;b", "$(x)", ".", ".."}) EXPECT_FALSE(valid_lvm_name(bad)) << bad;
}
