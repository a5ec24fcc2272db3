#include "common/ocf/ocf_env.h"

#include <gtest/gtest.h>

using hanfs::EnvMap;
using hanfs::OcfEnv;

TEST(OcfEnv, ParametersAreReskeysWithoutCrmMeta) {
  OcfEnv env("start", {{"OCF_RESKEY_vgname", "vg"},
                       {"OCF_RESKEY_CRM_meta_timeout", "20000"},
                       {"OCF_RESKEY_", "nameless"},
                       {"PATH", "/bin"}});
  EXPECT_EQ(env.parameters(), (EnvMap{{"vgname", "vg"}}));
  EXPECT_EQ(env.meta("timeout"), "20000");
  EXPECT_EQ(env.timeout_ms(), 20000);
}

TEST(OcfEnv, PacemakersFeatureSetIsNotAParameter) {
  // Pacemaker passes it to every agent: warning about it would fill the log.
  OcfEnv env("monitor", {{"OCF_RESKEY_vgname", "vg"}, {"OCF_RESKEY_crm_feature_set", "3.16.1"}});
  EXPECT_EQ(env.parameters(), (EnvMap{{"vgname", "vg"}}));
}

TEST(OcfEnv, MonitorWithoutIntervalOrWithZeroIntervalIsAProbe) {
  EXPECT_TRUE(OcfEnv("monitor", {}).is_probe());
  EXPECT_TRUE(OcfEnv("monitor", {{"OCF_RESKEY_CRM_meta_interval", "0"}}).is_probe());
  EXPECT_FALSE(OcfEnv("monitor", {{"OCF_RESKEY_CRM_meta_interval", "10000"}}).is_probe());
  EXPECT_FALSE(OcfEnv("start", {}).is_probe());
}

TEST(OcfEnv, CheckLevelFallsBackToTheNextLowerSupportedLevel) {
  const std::vector<int> supported{0, 10, 20};
  EXPECT_EQ(OcfEnv("monitor", {}).check_level(supported), 0);
  EXPECT_EQ(OcfEnv("monitor", {{"OCF_CHECK_LEVEL", "10"}}).check_level(supported), 10);
  EXPECT_EQ(OcfEnv("monitor", {{"OCF_CHECK_LEVEL", "15"}}).check_level(supported), 10);
  EXPECT_EQ(OcfEnv("monitor", {{"OCF_CHECK_LEVEL", "99"}}).check_level({0, 10}), 10);
  EXPECT_EQ(OcfEnv("monitor", {{"OCF_CHECK_LEVEL", "junk"}}).check_level(supported), 0);
  EXPECT_EQ(OcfEnv("monitor", {{"OCF_RESKEY_OCF_CHECK_LEVEL", "20"}}).check_level(supported), 20);
}

TEST(OcfEnv, SpeaksOcf11OnlyWhenTheCallerSaysSo) {
  EXPECT_FALSE(OcfEnv("meta-data", {}).speaks_ocf_1_1());
  EXPECT_FALSE(OcfEnv("meta-data", {{"OCF_RA_VERSION_MAJOR", "1"}, {"OCF_RA_VERSION_MINOR", "0"}}).speaks_ocf_1_1());
  EXPECT_TRUE(OcfEnv("meta-data", {{"OCF_RA_VERSION_MAJOR", "1"}, {"OCF_RA_VERSION_MINOR", "1"}}).speaks_ocf_1_1());
  EXPECT_TRUE(OcfEnv("meta-data", {{"OCF_RA_VERSION_MAJOR", "2"}}).speaks_ocf_1_1());
}

TEST(OcfEnv, DefaultsForInstanceRscTmpAndReasonPrefix) {
  OcfEnv bare("start", {});
  EXPECT_EQ(bare.instance(), "(unnamed)");
  EXPECT_EQ(bare.rsc_tmp(), "/run/resource-agents");
  EXPECT_EQ(bare.exit_reason_prefix(), "ocf-exit-reason:");
  OcfEnv set("start", {{"OCF_RESOURCE_INSTANCE", "vg1"}, {"HA_RSCTMP", "/tmp/x"},
                       {"OCF_EXIT_REASON_PREFIX", "reason:"}});
  EXPECT_EQ(set.instance(), "vg1");
  EXPECT_EQ(set.rsc_tmp(), "/tmp/x");
  EXPECT_EQ(set.exit_reason_prefix(), "reason:");
}

TEST(OcfEnv, BadTimeoutReadsAsUnset) {
  EXPECT_EQ(OcfEnv("start", {{"OCF_RESKEY_CRM_meta_timeout", "20s"}}).timeout_ms(), 0);
  EXPECT_EQ(OcfEnv("start", {{"OCF_RESKEY_CRM_meta_timeout", "-5"}}).timeout_ms(), 0);
}
