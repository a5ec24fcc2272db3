#include "common/cluster/cluster_attributes.h"

#include <gtest/gtest.h>

using namespace hanfs;

TEST(ClusterAttributes, QueryOutputGivesEachNodesValue) {
  auto values = parse_attrd_query(
      "name=\"hanfs-devnums-vg\" host=\"node1\" value=\"lv1=253:10000 lv2=253:10001\"\n"
      "name=\"hanfs-devnums-vg\" host=\"node2\" value=\"\"\n"
      "nonsense\n");
  EXPECT_EQ(values.size(), 2u);
  EXPECT_EQ(values["node1"], "lv1=253:10000 lv2=253:10001");
  EXPECT_EQ(values["node2"], "");
}

TEST(ClusterAttributes, OnlyOperationsPacemakerRunsAreInACluster) {
  EXPECT_FALSE(in_cluster(OcfEnv("monitor", {})));
  EXPECT_TRUE(in_cluster(OcfEnv("monitor", {{"OCF_RESKEY_CRM_meta_on_node", "node1"}})));
}
