// hanfs-check: the CIB parser, each risk (a CIB fixture per risk, and the
// node's part through a FakeNode), the report's text and JSON, --migrate on
// the shell stack of Red Hat's HA NFS guide, and the built binary's exit
// status.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/core/text.h"
#include "common/sys/command.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/lvm-persistent/fake_lvm.h"
#include "tools/hanfs-check/cli.h"
#include "tools/hanfs-check/cluster_config.h"
#include "tools/hanfs-check/migrate.h"
#include "tools/hanfs-check/node_state.h"
#include "tools/hanfs-check/report.h"
#include "tools/hanfs-check/risks.h"
#include "tools/hanfs-check/usage.h"

using namespace hanfs;
using namespace hanfs::check;
using hanfs::lvm_persistent::testing::FakeLv;
using hanfs::lvm_persistent::testing::FakeLvm;
using hanfs::lvm_persistent::testing::FakeVg;
using hanfs::testing::exited;
using hanfs::testing::FakeNode;
using hanfs::testing::timed_out;

namespace {

std::string fixture_path(const std::string& name) {
  return std::string(HANFS_SOURCE_DIR) + "/tests/unit/fixtures/cib/" + name;
}

std::string fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

ClusterConfig cib(const std::string& name) {
  auto c = parse_cib(fixture(name));
  EXPECT_TRUE(c.has_value()) << name << ": " << (c ? "" : c.error().reason);
  return c ? *c : ClusterConfig{};
}

std::vector<std::string> codes(const std::vector<Risk>& risks) {
  std::vector<std::string> out;
  for (const auto& r : risks) out.push_back(r.code);
  return out;
}

// A CIB of one group from primitives written as XML.
std::string cib_of(const std::string& resources, const std::string& constraints = "") {
  return "<cib><configuration><nodes><node id=\"1\" uname=\"node1\"/></nodes><resources>" + resources +
         "</resources><constraints>" + constraints + "</constraints></configuration></cib>";
}

std::string primitive(const std::string& id, const std::string& agent,
                      const std::vector<std::pair<std::string, std::string>>& attributes) {
  const auto first = agent.find(':'), second = agent.rfind(':');
  std::string out = "<primitive id=\"" + id + "\" class=\"" + agent.substr(0, first) + "\" provider=\"" +
                    agent.substr(first + 1, second - first - 1) + "\" type=\"" + agent.substr(second + 1) +
                    "\"><instance_attributes id=\"" + id + "-ia\">";
  for (const auto& [k, v] : attributes)
    out += "<nvpair id=\"" + id + "-" + k + "\" name=\"" + k + "\" value=\"" + v + "\"/>";
  return out + "</instance_attributes></primitive>";
}

ClusterConfig parsed(const std::string& xml) {
  auto c = parse_cib(xml);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().reason);
  return c ? *c : ClusterConfig{};
}

// What a node shows when nothing is wrong with it: every table read, empty.
NodeState quiet_node() {
  NodeState n;
  n.etab_read = n.lvs_read = n.dm_read = true;
  return n;
}

ExportEntry export_entry(const std::string& path, const std::vector<std::string>& options) {
  return ExportEntry{path, "*", options};
}

}  // namespace

// --- the CIB -----------------------------------------------------------------

TEST(HanfsCheckCib, ReadsThePrimitivesOfAGroupInOrderWithTheirAgentsAndAttributes) {
  const auto c = cib("clean.xml");
  ASSERT_EQ(c.groups.size(), 1u);
  EXPECT_EQ(c.groups[0].id, "nfs");
  EXPECT_EQ(c.groups[0].members,
            (std::vector<std::string>{"nfs-vg", "nfs-fs", "nfs-export", "nfs-grace", "nfs-ip", "nfs-notify"}));
  const Primitive* e = c.primitive("nfs-export");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->agent(), "ocf:hanfs:nfs-export-fsid");
  EXPECT_EQ(e->group, "nfs");
  EXPECT_EQ(e->position, 2);
  EXPECT_EQ(e->attribute("fsid"), "1001");
  EXPECT_EQ(e->attribute("nothing"), std::nullopt);
  EXPECT_EQ(c.primitive("fence-lab")->agent(), "stonith:fence_lab");
  EXPECT_EQ(c.nodes, (std::vector<std::string>{"node1", "node2"}));
}

TEST(HanfsCheckCib, ReadsOrderConstraintsAndClones) {
  const auto c = cib("address-order-constraint.xml");
  ASSERT_EQ(c.orders.size(), 1u);
  EXPECT_EQ(c.orders[0].first, "nfs-ip");
  EXPECT_EQ(c.orders[0].then, "nfs-export");
  EXPECT_TRUE(c.orders[0].symmetrical);
  const auto cloned = parsed(cib_of("<clone id=\"root-clone\">" +
                                    primitive("root", "ocf:heartbeat:exportfs", {{"directory", "/srv"}}) + "</clone>"));
  ASSERT_EQ(cloned.clones, (std::vector<std::string>{"root-clone"}));
  EXPECT_EQ(cloned.primitive("root")->clone, "root-clone");
}

TEST(HanfsCheckCib, BrokenXmlIsAnErrorNamingTheParserReason) {
  auto c = parse_cib(fixture("broken.xml"));
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().reason.find("not well-formed"), std::string::npos);
  EXPECT_FALSE(parse_cib("").has_value());
  EXPECT_FALSE(parse_cib("<resource-agent/>").has_value());
  EXPECT_FALSE(parse_cib("<cib/>").has_value());
}

TEST(HanfsCheckCib, HostileDocumentsAreRefusedOrReadWithoutExpansion) {
  // Nesting far deeper than libxml2's limit: an error, not a stack overflow.
  std::string deep = "<cib><configuration><resources>";
  for (int i = 0; i < 100000; ++i) deep += "<group id=\"g\">";
  EXPECT_FALSE(parse_cib(deep).has_value());
  // Entities are not expanded (a "billion laughs" stays small).
  std::string laughs = "<!DOCTYPE cib [<!ENTITY a \"aaaaaaaaaa\">";
  for (char e = 'b'; e <= 'j'; ++e)
    laughs += std::string("<!ENTITY ") + e + " \"" + std::string(10, '&') + "\">";
  laughs += "]><cib><configuration><resources>" + primitive("x", "ocf:heartbeat:exportfs", {{"directory", "&j;"}}) +
            "</resources></configuration></cib>";
  auto c = parse_cib(laughs);
  if (c) {
    EXPECT_LT(c->primitive("x")->attributes.at("directory").size(), 1000u);
  }
  // Too large.
  EXPECT_FALSE(parse_cib(std::string(max_cib_bytes + 1, ' ')).has_value());
}

// --- risks from the CIB ------------------------------------------------------

TEST(HanfsCheckRisks, TheGuidesTwoNodeExampleHasNoRisk) {
  EXPECT_EQ(codes(find_risks(cib("clean.xml"), std::nullopt)), std::vector<std::string>{});
  EXPECT_EQ(codes(find_risks(cib("clean.xml"), quiet_node())), std::vector<std::string>{});
}

TEST(HanfsCheckRisks, EachRiskFixtureGivesItsRiskAlone) {
  for (const std::string code : {"export-fsid-not-stable", "fsid-collision", "vg-dynamic-minors", "minor-collision",
                                 "nsm-state-not-shared", "nfsv4-state-not-shared", "address-outlives-export"}) {
    EXPECT_EQ(codes(find_risks(cib(code + ".xml"), std::nullopt)), std::vector<std::string>{code}) << code;
  }
  EXPECT_EQ(codes(find_risks(cib("address-order-constraint.xml"), std::nullopt)),
            std::vector<std::string>{"address-outlives-export"});
}

TEST(HanfsCheckRisks, ExportfsWithoutFsidIsARiskUnlessTheFilesystemHasAUuid) {
  const auto c = cib("export-fsid-not-stable.xml");
  const auto risks = find_risks(c, std::nullopt);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].resources, std::vector<std::string>{"nfs-export"});
  EXPECT_NE(risks[0].detail.find("unless the filesystem of /srv/nfs/data has a UUID"), std::string::npos);
  EXPECT_EQ(risks[0].fix, std::vector<std::string>{"pcs resource update nfs-export fsid=1"});
  EXPECT_NE(risks[0].clients_see().find("ESTALE"), std::string::npos);

  NodeState with_uuid = quiet_node();
  with_uuid.filesystem_uuid["/srv/nfs/data"] = Uuid{1, 2, 3};
  EXPECT_TRUE(find_risks(c, with_uuid).empty());
  NodeState without = quiet_node();
  without.filesystem_uuid["/srv/nfs/data"] = std::nullopt;
  const auto known = find_risks(c, without);
  ASSERT_EQ(codes(known), std::vector<std::string>{"export-fsid-not-stable"});
  EXPECT_NE(known[0].detail.find("has no UUID on this node"), std::string::npos);
}

TEST(HanfsCheckRisks, ExportfsWithItsFsidInTheOptionsHasAStableFsid) {
  const auto c = parsed(cib_of(primitive("e", "ocf:heartbeat:exportfs",
                                         {{"directory", "/srv/a"}, {"options", "rw,fsid=7"}, {"clientspec", "*"}})));
  EXPECT_TRUE(find_risks(c, std::nullopt).empty());
  ASSERT_EQ(resource_exports(c).size(), 1u);
  EXPECT_EQ(resource_exports(c)[0].fsid->text(), "7");
}

TEST(HanfsCheckRisks, ALiveExportWithoutFsidOnAFilesystemWithoutUuidIsARisk) {
  NodeState node = quiet_node();
  node.etab.push_back(export_entry("/scratch", {"rw", "sync"}));
  node.filesystem_uuid["/scratch"] = std::nullopt;
  const auto risks = find_risks(cib("clean.xml"), node);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"export-fsid-not-stable"});
  EXPECT_TRUE(risks[0].resources.empty());
  EXPECT_NE(risks[0].fix.front().find("/etc/exports"), std::string::npos);
  EXPECT_EQ(risks[0].fix.front(), "add fsid=1002 to the options of /scratch in /etc/exports");

  node.filesystem_uuid["/scratch"] = Uuid{4, 5, 6};
  EXPECT_TRUE(find_risks(cib("clean.xml"), node).empty());
}

TEST(HanfsCheckRisks, AFsidRunIsExpandedAsTheAgentExportsIt) {
  const auto c = cib("fsid-collision.xml");
  const auto exports = resource_exports(c);
  ASSERT_EQ(exports.size(), 4u);
  EXPECT_EQ(exports[2].directory, "/srv/nfs/data/c");
  EXPECT_EQ(exports[2].fsid->text(), "1002");
  const auto risks = find_risks(c, std::nullopt);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].resources, (std::vector<std::string>{"nfs-export", "nfs-export-d"}));
  EXPECT_EQ(risks[0].fix, std::vector<std::string>{"pcs resource update nfs-export-d fsid=1003"});
  // One directory fewer in the run: 1000-1001, no collision.
  const auto two = parsed(cib_of(
      primitive("r", "ocf:hanfs:nfs-export-fsid", {{"directory", "/a /b"}, {"fsid", "1000"}, {"clientspec", "*"}}) +
      primitive("d", "ocf:hanfs:nfs-export-fsid", {{"directory", "/d"}, {"fsid", "1002"}, {"clientspec", "*"}})));
  EXPECT_TRUE(find_risks(two, std::nullopt).empty());
}

TEST(HanfsCheckRisks, TwoExportfsOfOneDirectoryMayShareTheirFsid) {
  const auto c = parsed(cib_of(
      primitive("a", "ocf:heartbeat:exportfs", {{"directory", "/srv"}, {"fsid", "5"}, {"clientspec", "10.0.0.1"}}) +
      primitive("b", "ocf:heartbeat:exportfs", {{"directory", "/srv/"}, {"fsid", "5"}, {"clientspec", "10.0.0.2"}})));
  EXPECT_TRUE(find_risks(c, std::nullopt).empty());
}

TEST(HanfsCheckRisks, AnFsidOfANonClusterExportCollides) {
  NodeState node = quiet_node();
  node.exports_files.push_back(export_entry("/home", {"rw", "fsid=1001"}));
  const auto risks = find_risks(cib("clean.xml"), node);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"fsid-collides-with-local-export"});
  EXPECT_EQ(risks[0].resources, std::vector<std::string>{"nfs-export"});
  // The cluster's own export in etab is no collision.
  NodeState own = quiet_node();
  own.etab.push_back(export_entry("/srv/nfs/data", {"rw", "fsid=1001"}));
  EXPECT_TRUE(find_risks(cib("clean.xml"), own).empty());
}

TEST(HanfsCheckRisks, LvmActivateAlwaysMeansDynamicMinors) {
  const auto risks = find_risks(cib("vg-dynamic-minors.xml"), quiet_node());
  ASSERT_EQ(codes(risks), std::vector<std::string>{"vg-dynamic-minors"});
  EXPECT_EQ(risks[0].fix.front().substr(0, 26), "hanfs-check --migrate nfs ");
}

TEST(HanfsCheckRisks, MinorsGivenTwiceAcrossVolumeGroupsCollide) {
  const auto risks = find_risks(cib("minor-collision.xml"), std::nullopt);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].resources, (std::vector<std::string>{"nfs-vg", "nfs2-vg"}));
  EXPECT_NE(risks[0].detail.find("minor 10005"), std::string::npos);
}

TEST(HanfsCheckRisks, NfsnotifyIsSharedOnlyThroughAnNfsserverInfodirOnTheServicesFilesystem) {
  const auto fs = primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}, {"device", "/dev/vg/lv"}});
  const auto notify = primitive("n", "ocf:heartbeat:nfsnotify", {{"source_host", "10.0.0.9"}});
  auto server = [](const std::string& infodir) {
    return primitive("s", "ocf:heartbeat:nfsserver", {{"nfs_shared_infodir", infodir}, {"nfs_server_scope", "x"}});
  };
  EXPECT_EQ(codes(find_risks(parsed(cib_of("<group id=\"g\">" + fs + notify + "</group>")), std::nullopt)),
            std::vector<std::string>{"nsm-state-not-shared"});
  EXPECT_TRUE(find_risks(parsed(cib_of("<group id=\"g\">" + fs + server("/export/info") + notify + "</group>")),
                         std::nullopt)
                  .empty());
  EXPECT_EQ(codes(find_risks(parsed(cib_of("<group id=\"g\">" + fs + server("/var/lib/nfs2") + notify + "</group>")),
                             std::nullopt)),
            (std::vector<std::string>{"nfsv4-state-not-shared", "nsm-state-not-shared"}));
}

TEST(HanfsCheckRisks, NfsserverWithoutServerScopeOrInfodirIsARisk) {
  const auto c = parsed(cib_of("<group id=\"g\">" +
                               primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}}) +
                               primitive("s", "ocf:heartbeat:nfsserver", {}) + "</group>"));
  EXPECT_EQ(codes(find_risks(c, std::nullopt)),
            (std::vector<std::string>{"nfsv4-state-not-shared", "server-scope-differs"}));
}

TEST(HanfsCheckRisks, AGroupThatExportsWithoutAServerScopeIsARisk) {
  const auto risks = find_risks(cib("server-scope-differs.xml"), std::nullopt);
  ASSERT_EQ(codes(risks), (std::vector<std::string>{"server-scope-differs", "nfsv4-state-not-shared"}));
  EXPECT_EQ(risks[0].fix.front(),
            "pcs resource create nfs-grace ocf:hanfs:nfs-grace recovery_dir=/srv/nfs/data/.nfs-grace "
            "server_scope=<the floating address's host name> --group nfs --after nfs-export");
}

TEST(HanfsCheckRisks, TwoScopesInOneGroupDiffer) {
  const auto c = parsed(cib_of(
      "<group id=\"g\">" + primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}}) +
      primitive("s", "ocf:heartbeat:nfsserver", {{"nfs_shared_infodir", "/export/i"}, {"nfs_server_scope", "a"}}) +
      primitive("e", "ocf:hanfs:nfs-export-fsid", {{"directory", "/export"}, {"fsid", "1"}, {"clientspec", "*"}}) +
      primitive("gr", "ocf:hanfs:nfs-grace", {{"recovery_dir", "/export/.g"}, {"server_scope", "b"}}) + "</group>"));
  EXPECT_EQ(codes(find_risks(c, std::nullopt)), std::vector<std::string>{"server-scope-differs"});
}

TEST(HanfsCheckRisks, AnAddressBeforeTheExportInAGroupOutlivesIt) {
  const auto risks = find_risks(cib("address-outlives-export.xml"), std::nullopt);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].resources, (std::vector<std::string>{"nfs-ip", "nfs-export"}));
  EXPECT_EQ(risks[0].fix, std::vector<std::string>{"pcs resource group add nfs nfs-ip --after nfs-grace"});
}

TEST(HanfsCheckRisks, AnOrderConstraintStartingTheAddressFirstOutlivesTheExport) {
  const auto risks = find_risks(cib("address-order-constraint.xml"), std::nullopt);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].fix, (std::vector<std::string>{"pcs constraint delete order-nfs-ip-nfs-export-mandatory",
                                                    "pcs constraint order start nfs-export then start nfs-ip"}));
  // Not symmetrical: the stop is not ordered by it.
  const auto asym = parsed(cib_of(
      primitive("ip", "ocf:heartbeat:IPaddr2", {{"ip", "10.0.0.1"}}) +
          primitive("e", "ocf:hanfs:nfs-export-fsid", {{"directory", "/x"}, {"fsid", "1"}, {"clientspec", "*"}}),
      "<rsc_order id=\"o\" first=\"ip\" then=\"e\" symmetrical=\"false\"/>"));
  EXPECT_TRUE(find_risks(asym, std::nullopt).empty());
}

TEST(HanfsCheckRisks, TheShellStackOfRedHatsGuideHasDynamicMinorsAndNoServerScope) {
  const auto risks = find_risks(cib("shell-stack.xml"), std::nullopt);
  EXPECT_EQ(codes(risks), (std::vector<std::string>{"vg-dynamic-minors", "server-scope-differs"}));
}

// --- NFS services of their own (nfs-server) ----------------------------------

namespace {
// One service's group as the design builds it: its filesystem, its
// nfs-server, its export, its address and its notification in the service.
std::string service_group(const std::string& g, const std::string& name, const std::string& server_name) {
  return "<group id=\"" + g + "\">" + primitive(g + "-fs", "ocf:heartbeat:Filesystem", {{"directory", "/srv/" + name}}) +
         primitive(g + "-server", "ocf:hanfs:nfs-server",
                   {{"name", server_name}, {"state_dir", "/srv/" + name + "/.nfs"}, {"ip", "10.0.0.5"}}) +
         primitive(g + "-export", "ocf:hanfs:nfs-export-fsid",
                   {{"directory", "/srv/" + name}, {"fsid", "root"}, {"clientspec", "*"}, {"service", name}}) +
         primitive(g + "-ip", "ocf:hanfs:nfs-address", {{"service", name}, {"ip", "10.0.0.5"}, {"cidr_netmask", "24"}}) +
         primitive(g + "-notify", "ocf:hanfs:nfs-notify", {{"source_host", name + "-svc"}, {"service", name}}) +
         "</group>";
}
}  // namespace

TEST(HanfsCheckRisks, TwoServicesEachWithItsNfsServerFirstInItsGroupHaveNoRisk) {
  const auto c = parsed(cib_of(service_group("a", "nfs-a", "nfs-a") + service_group("b", "nfs-b", "nfs-b")));
  EXPECT_TRUE(codes(find_risks(c, std::nullopt)).empty()) << codes(find_risks(c, std::nullopt)).front();
}

TEST(HanfsCheckRisks, AnExportAnAddressAndANotificationInAServiceNoNfsServerRunsAreRisksWithTheCreateCommand) {
  const auto c = parsed(cib_of(service_group("a", "nfs-a", "other")));
  const auto risks = find_risks(c, std::nullopt);
  ASSERT_EQ(codes(risks),
            (std::vector<std::string>{"service-without-server", "service-without-server", "service-without-server"}));
  EXPECT_EQ(risks[0].resources, std::vector<std::string>{"a-export"});
  EXPECT_EQ(risks[1].resources, std::vector<std::string>{"a-ip"});
  EXPECT_EQ(risks[2].resources, std::vector<std::string>{"a-notify"});
  ASSERT_EQ(risks[0].fix.size(), 1u);
  EXPECT_EQ(risks[0].fix[0].rfind("pcs resource create nfs-a-server ocf:hanfs:nfs-server name=nfs-a "
                                  "state_dir=/srv/nfs-a/.nfs ", 0), 0u) << risks[0].fix[0];
  EXPECT_NE(risks[0].fix[0].find("--group a --before a-export"), std::string::npos) << risks[0].fix[0];
}

TEST(HanfsCheckRisks, AnExportOfAServiceThatDoesNotStartAfterItsNfsServerIsARiskUnlessOrdered) {
  const std::string server = primitive("srv", "ocf:hanfs:nfs-server",
                                       {{"name", "nfs-a"}, {"state_dir", "/srv/a/.nfs"}, {"ip", "10.0.0.5"}});
  const std::string exp = primitive("exp", "ocf:hanfs:nfs-export-fsid",
                                    {{"directory", "/srv/a"}, {"fsid", "root"}, {"clientspec", "*"}, {"service", "nfs-a"}});
  const std::string fs = primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/srv/a"}});
  const std::string ip =
      primitive("ip", "ocf:hanfs:nfs-address", {{"service", "nfs-a"}, {"ip", "10.0.0.5"}, {"cidr_netmask", "24"}});
  const auto unordered =
      find_risks(parsed(cib_of("<group id=\"g\">" + fs + exp + server + ip + "</group>")), std::nullopt);
  ASSERT_EQ(codes(unordered), std::vector<std::string>{"service-without-server"});
  EXPECT_EQ(unordered[0].fix, std::vector<std::string>{"pcs constraint order start srv then start exp"});
  const auto ordered = find_risks(parsed(cib_of("<group id=\"g\">" + fs + exp + server + ip + "</group>",
                                                "<rsc_order id=\"o\" first=\"srv\" then=\"exp\"/>")),
                                  std::nullopt);
  EXPECT_TRUE(ordered.empty()) << codes(ordered).front();
}

TEST(HanfsCheckRisks, AnNfsAddressBeforeItsServicesExportIsStillUpAfterTheExportIsGone) {
  const std::string fs = primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/srv/a"}});
  const std::string server = primitive("srv", "ocf:hanfs:nfs-server",
                                       {{"name", "nfs-a"}, {"state_dir", "/srv/a/.nfs"}, {"ip", "10.0.0.5"}});
  const std::string ip =
      primitive("ip", "ocf:hanfs:nfs-address", {{"service", "nfs-a"}, {"ip", "10.0.0.5"}, {"cidr_netmask", "24"}});
  const std::string exp = primitive("exp", "ocf:hanfs:nfs-export-fsid",
                                    {{"directory", "/srv/a"}, {"fsid", "root"}, {"clientspec", "*"}, {"service", "nfs-a"}});
  const auto risks = find_risks(parsed(cib_of("<group id=\"g\">" + fs + server + ip + exp + "</group>")), std::nullopt);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"address-outlives-export"});
  EXPECT_EQ(risks[0].resources, (std::vector<std::string>{"ip", "exp"}));
  EXPECT_EQ(risks[0].fix, std::vector<std::string>{"pcs resource group add g ip --after exp"});
}

// Red Hat's IPaddr2 kept beside nfs-server: the address is in the node's
// network, the server listens in its own.
TEST(HanfsCheckRisks, AnNfsServerWithExportsAndAnIpaddr2InsteadOfAnNfsAddressIsARiskWithTheReplacement) {
  const std::string fs = primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/srv/a"}});
  const std::string server = primitive("srv", "ocf:hanfs:nfs-server",
                                       {{"name", "nfs-a"}, {"state_dir", "/srv/a/.nfs"}, {"ip", "10.0.0.5"}});
  const std::string exp = primitive("exp", "ocf:hanfs:nfs-export-fsid",
                                    {{"directory", "/srv/a"}, {"fsid", "root"}, {"clientspec", "*"}, {"service", "nfs-a"}});
  const std::string vip = primitive("vip", "ocf:heartbeat:IPaddr2", {{"ip", "10.0.0.5"}, {"cidr_netmask", "24"}});
  const auto risks = find_risks(parsed(cib_of("<group id=\"g\">" + fs + server + exp + vip + "</group>")), std::nullopt);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"service-without-address"});
  EXPECT_EQ(risks[0].resources, (std::vector<std::string>{"srv", "vip"}));
  ASSERT_EQ(risks[0].fix.size(), 2u);
  EXPECT_EQ(risks[0].fix[0], "pcs resource delete vip");
  EXPECT_EQ(risks[0].fix[1].rfind("pcs resource create nfs-a-ip ocf:hanfs:nfs-address service=nfs-a ip=10.0.0.5 ", 0), 0u)
      << risks[0].fix[1];
  EXPECT_NE(risks[0].fix[1].find("--group g --after exp"), std::string::npos) << risks[0].fix[1];
  // An nfs-server that exports nothing yet needs no address.
  EXPECT_TRUE(find_risks(parsed(cib_of("<group id=\"g\">" + fs + server + "</group>")), std::nullopt).empty());
}

TEST(HanfsCheckRisks, TwoNfsServersWithOneNameAreARisk) {
  const auto c = parsed(cib_of(service_group("a", "nfs-a", "nfs-a") + service_group("b", "nfs-b", "nfs-a")));
  const auto risks = find_risks(c, std::nullopt);
  ASSERT_FALSE(risks.empty());
  EXPECT_EQ(risks[0].code, "service-name-twice");
  EXPECT_EQ(risks[0].resources, (std::vector<std::string>{"a-server", "b-server"}));
}

TEST(HanfsCheckRisks, AnNfsServerWhoseStateDirIsNotOnItsFilesystemIsARisk) {
  const auto c = parsed(cib_of("<group id=\"g\">" +
                               primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/srv/a"}}) +
                               primitive("srv", "ocf:hanfs:nfs-server",
                                         {{"name", "nfs-a"}, {"state_dir", "/var/lib/nfs-a"}, {"ip", "10.0.0.5"}}) +
                               "</group>"));
  const auto risks = find_risks(c, std::nullopt);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"nfsv4-state-not-shared"});
  EXPECT_EQ(risks[0].fix, std::vector<std::string>{"pcs resource update srv state_dir=/srv/a/.nfs"});
}

// --- risks from the node -----------------------------------------------------

TEST(HanfsCheckRisks, AnLvOfTheServiceWithoutAPersistentMinorIsARisk) {
  NodeState node = quiet_node();
  node.lvs.push_back(LvRecord{"vgnfs", "data", "", "", -1, 253, 3, true, true});
  node.lvs.push_back(LvRecord{"other", "x", "", "", -1, 253, 4, true, true});
  const auto risks = find_risks(cib("clean.xml"), node);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"lv-without-persistent-minor"});
  EXPECT_NE(risks[0].detail.find("vgnfs/data"), std::string::npos);
  EXPECT_EQ(risks[0].detail.find("other/x"), std::string::npos);
  node.lvs[0].persistent_minor = 10000;
  EXPECT_TRUE(find_risks(cib("clean.xml"), node).empty());
}

TEST(HanfsCheckRisks, LiveLvsOfTwoVolumeGroupsOnOneMinorCollide) {
  NodeState node = quiet_node();
  node.lvs.push_back(LvRecord{"vgnfs", "data", "", "", 10000, -1, -1, false, false});
  node.lvs.push_back(LvRecord{"vgother", "home", "", "", 10000, -1, -1, false, false});
  EXPECT_EQ(codes(find_risks(cib("clean.xml"), node)), std::vector<std::string>{"minor-collision"});
}

TEST(HanfsCheckRisks, AMinorsPairAndTheLvThatPersistedItAreNoCollision) {
  NodeState node = quiet_node();
  node.lvs.push_back(LvRecord{"vgnfs", "data", "", "", 10005, -1, -1, false, false});
  EXPECT_TRUE(find_risks(cib("minor-collision.xml"), node).size() == 1u);  // only the two resources' minors=
  const auto one = parsed(cib_of(primitive("v", "ocf:hanfs:lvm-persistent",
                                           {{"vgname", "vgnfs"}, {"vg_access_mode", "system_id"}, {"minors", "data:10005"}})));
  EXPECT_TRUE(find_risks(one, node).empty());
  node.lvs.push_back(LvRecord{"vgnfs", "logs", "", "", 10005, -1, -1, false, false});
  EXPECT_EQ(codes(find_risks(one, node)), std::vector<std::string>{"minor-collision"});
}

TEST(HanfsCheckRisks, ADynamicDeviceInTheMinorRangeIsARisk) {
  NodeState node = quiet_node();
  node.lvs.push_back(LvRecord{"vgnfs", "data", "", "", 10000, 253, 10000, true, true});
  node.dm_devices.push_back(DmDevice{"dm-10000", 253, 10000, "vgnfs-data", "", false, {}});
  EXPECT_TRUE(find_risks(cib("clean.xml"), node).empty());
  node.dm_devices.push_back(DmDevice{"dm-10001", 253, 10001, "crypt", "", false, {}});
  const auto risks = find_risks(cib("clean.xml"), node);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"minor-range-overlaps-dynamic"});
  EXPECT_NE(risks[0].detail.find("crypt (253:10001)"), std::string::npos);
}

// --- the node, read through the Host -----------------------------------------

TEST(HanfsCheckNode, ReadsTheExportTableLvsDevicesAndFilesystemUuids) {
  FakeNode node;
  FakeLvm lvm(node);
  lvm.add_vg(FakeVg("vgnfs", {FakeLv("data", 10000, 10000)}, "nodeA"));
  lvm.mount("vgnfs", "data", "/srv/nfs/data");
  FakeNode::write(node.host().var_lib_nfs + "/etab", "/srv/nfs/data\t*(rw,sync,wdelay)\n");
  FakeNode::write(node.host().etc + "/exports", "/home *(rw,fsid=7)\n");
  FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4leasetime", "90\n");
  FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4gracetime", "45\n");
  node.commands.on({"blkid"}, exited(2));  // no UUID
  const auto state = read_node_state(node.host(), Deadline(std::chrono::seconds(5)), {});
  EXPECT_TRUE(state.etab_read && state.lvs_read && state.dm_read);
  ASSERT_EQ(state.etab.size(), 1u);
  ASSERT_EQ(state.exports_files.size(), 1u);
  ASSERT_EQ(state.lvs.size(), 1u);
  EXPECT_EQ(state.lvs[0].persistent_minor, 10000);
  ASSERT_EQ(state.dm_devices.size(), 1u);
  EXPECT_EQ(state.has_uuid("/srv/nfs/data"), false);
  EXPECT_EQ(state.nfsd_times, (NfsdTimes{90, 45}));
  EXPECT_TRUE(state.notes.empty());
  // What it means: the live export without fsid= is a risk.
  EXPECT_EQ(codes(find_risks(cib("clean.xml"), state)), std::vector<std::string>{"export-fsid-not-stable"});
}

TEST(HanfsCheckNode, AStorageThatDoesNotAnswerIsANoteAndTheRestIsStillRead) {
  FakeNode node;
  std::filesystem::create_directories(node.host().sys + "/block");
  FakeNode::write(node.host().var_lib_nfs + "/etab", "/srv\t*(rw,fsid=3)\n");
  node.commands.on({"lvs"}, timed_out());
  const auto state = read_node_state(node.host(), Deadline(std::chrono::seconds(5)), {});
  EXPECT_FALSE(state.lvs_read);
  EXPECT_TRUE(state.etab_read);
  EXPECT_TRUE(state.dm_read);
  ASSERT_FALSE(state.notes.empty());
  EXPECT_NE(state.notes[0].find("could not read the LVs"), std::string::npos);
  EXPECT_TRUE(state.anything_read());
}

TEST(HanfsCheckNode, APassiveNodeDoesNotAskBlkidAboutTheRootFilesystem) {
  FakeNode node;
  node.mount_table({});
  node.commands.on({"lvs"}, exited(0));
  std::filesystem::create_directories(node.host().sys + "/block");
  const auto state = read_node_state(node.host(), Deadline(std::chrono::seconds(5)), {"/srv/nfs/data"});
  EXPECT_FALSE(node.commands.called({"blkid"}));
  EXPECT_EQ(state.has_uuid("/srv/nfs/data"), std::nullopt);
}

// --- the report --------------------------------------------------------------

TEST(HanfsCheckReport, JsonEscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_string("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  EXPECT_EQ(json_string("é"), "\"é\"");
  Report r = make_report({Risk{"fsid-collision", {"x\"y"}, "line\nbreak", {"pcs resource update 'a b' fsid=1"}}}, {"n\\"});
  EXPECT_EQ(render_json(r),
            "{\"status\": \"risks\", \"risks\": [{\"code\": \"fsid-collision\", \"resources\": [\"x\\\"y\"], "
            "\"detail\": \"line\\nbreak\", \"clients_see\": " +
                json_string(risk_kind("fsid-collision")->clients_see) +
                ", \"fix\": [\"pcs resource update 'a b' fsid=1\"]}], \"notes\": [\"n\\\\\"]}\n");
  EXPECT_EQ(render_json(make_report({}, {})), "{\"status\": \"ok\", \"risks\": [], \"notes\": []}\n");
}

TEST(HanfsCheckReport, TextHasOneBlockPerRiskWithWhatClientsSeeAndTheFix) {
  const auto text = render_text(make_report(find_risks(cib("address-outlives-export.xml"), std::nullopt), {}));
  EXPECT_NE(text.find("RISK address-outlives-export"), std::string::npos);
  EXPECT_NE(text.find("  resources:    nfs-ip, nfs-export\n"), std::string::npos);
  EXPECT_NE(text.find("  clients see:  during a failover"), std::string::npos);
  EXPECT_NE(text.find("  fix:\n    pcs resource group add nfs nfs-ip --after nfs-grace\n"), std::string::npos);
  EXPECT_NE(text.find("hanfs-check: 1 risk\n"), std::string::npos);
}

TEST(HanfsCheckReport, TheCatalogueHasUniqueKebabCaseCodesAndHelpAndManPageListThemAll) {
  std::set<std::string_view> seen;
  const auto help = help_text();
  const auto man = man_page("1.2.3");
  for (const auto& k : risk_catalogue()) {
    EXPECT_TRUE(seen.insert(k.code).second) << k.code;
    for (char c : k.code) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') << k.code;
    EXPECT_NE(help.find(std::string(k.code)), std::string::npos) << k.code;
    std::string roff_code;
    for (char c : k.code) roff_code += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_NE(man.find(".B " + roff_code + "\n"), std::string::npos) << k.code;
  }
  EXPECT_NE(man.find(".TH HANFS\\-CHECK 8"), std::string::npos);
}

// --- --migrate ---------------------------------------------------------------

namespace {
std::vector<std::string> commands_of(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines)
    if (!l.starts_with("#")) out.push_back(l);
  return out;
}
}  // namespace

TEST(HanfsCheckMigrate, TheShellStackIsReplacedInOneCibChangeKeepingFsidsAndPositions) {
  const auto lines = plan_migration(cib("shell-stack.xml"), "nfsgroup");
  ASSERT_TRUE(lines.has_value());
  const std::string f = "pcs -f hanfs-migrate-nfsgroup.xml ";
  EXPECT_EQ(commands_of(*lines),
            (std::vector<std::string>{
                "pcs resource disable nfsgroup --wait",
                "pcs cluster cib hanfs-migrate-nfsgroup.xml",
                f + "resource delete nfs-notify",
                f + "resource delete nfs_ip",
                f + "resource delete nfs-export2",
                f + "resource delete nfs-export1",
                f + "resource delete nfs-root",
                f + "resource delete nfs-daemon",
                f + "resource delete my_lvm",
                f + "resource create my_lvm ocf:hanfs:lvm-persistent vgname=my_vg vg_access_mode=system_id "
                    "--group nfsgroup --before nfsshare",
                // nfsserver's shared directory is the state directory: the
                // NSM list stays; no scope set, so the group's name.
                f + "resource create nfs-daemon ocf:hanfs:nfs-server name=nfsgroup state_dir=/nfsshare/nfsinfo "
                    "ip=192.168.122.200 --group nfsgroup --after nfsshare",
                f + "resource create nfs-root ocf:hanfs:nfs-export-fsid service=nfsgroup directory=/nfsshare/exports "
                    "clientspec=192.168.122.0/255.255.255.0 options=rw,sync,no_root_squash fsid=0 --group nfsgroup "
                    "--after nfs-daemon",
                f + "resource create nfs-export1 ocf:hanfs:nfs-export-fsid service=nfsgroup "
                    "directory=/nfsshare/exports/export1 clientspec=192.168.122.0/255.255.255.0 "
                    "options=rw,sync,no_root_squash fsid=1 --group nfsgroup --after nfs-root",
                f + "resource create nfs-export2 ocf:hanfs:nfs-export-fsid service=nfsgroup "
                    "directory=/nfsshare/exports/export2 clientspec=192.168.122.0/255.255.255.0 "
                    "options=rw,sync,no_root_squash fsid=2 --group nfsgroup --after nfs-export1",
                f + "resource create nfs_ip ocf:hanfs:nfs-address service=nfsgroup ip=192.168.122.200 "
                    "cidr_netmask=24 --group nfsgroup --after nfs-export2",
                f + "resource create nfs-notify ocf:hanfs:nfs-notify service=nfsgroup source_host=192.168.122.200 "
                    "--group nfsgroup --after nfs_ip",
                "pcs cluster cib-push hanfs-migrate-nfsgroup.xml --config",
                "pcs resource enable nfsgroup --wait",
                "hanfs-check",
            }));
  // The guide's tables are cited.
  EXPECT_NE(std::find_if(lines->begin(), lines->end(),
                         [](const std::string& l) { return l.find("docs/admin-guide.md, section 6") != std::string::npos; }),
            lines->end());
}

TEST(HanfsCheckMigrate, TheShellStackAfterThePrintedCommandsHasNoRisk) {
  // The printed pcs -f commands applied to the group as pcs would: deletes,
  // then creates at --before/--after.
  const auto config = cib("shell-stack.xml");
  const auto lines = plan_migration(config, "nfsgroup");
  ASSERT_TRUE(lines.has_value());
  std::vector<std::string> order = config.group("nfsgroup")->members;
  std::map<std::string, std::string> xml;  // id -> primitive
  for (const auto* p : config.members(*config.group("nfsgroup"))) {
    std::vector<std::pair<std::string, std::string>> attrs(p->attributes.begin(), p->attributes.end());
    xml[p->id] = primitive(p->id, p->agent(), attrs);
  }
  for (const auto& l : commands_of(*lines)) {
    const auto words = text::split_words(l);
    if (l.find(" resource delete ") != std::string::npos) {
      std::erase(order, words.back());
    } else if (l.find(" resource create ") != std::string::npos) {
      std::vector<std::pair<std::string, std::string>> attrs;
      std::size_t i = 7;
      for (; i < words.size() && !words[i].starts_with("--"); ++i)
        attrs.emplace_back(words[i].substr(0, words[i].find('=')), words[i].substr(words[i].find('=') + 1));
      xml[words[5]] = primitive(words[5], words[6], attrs);
      const auto& how = words[words.size() - 2];
      auto at = std::find(order.begin(), order.end(), words.back());
      ASSERT_NE(at, order.end()) << l;
      order.insert(how == "--after" ? at + 1 : at, words[5]);
    }
  }
  std::string group = "<group id=\"nfsgroup\">";
  for (const auto& id : order) group += xml[id];
  const auto migrated = parsed(cib_of(group + "</group>"));
  EXPECT_EQ(migrated.group("nfsgroup")->members,
            (std::vector<std::string>{"my_lvm", "nfsshare", "nfs-daemon", "nfs-root", "nfs-export1", "nfs-export2",
                                      "nfs_ip", "nfs-notify"}));
  EXPECT_EQ(codes(find_risks(migrated, std::nullopt)), std::vector<std::string>{});
  // The same fsids as before: the handles clients hold.
  for (const auto& id : {"nfs-root", "nfs-export1", "nfs-export2"})
    EXPECT_EQ(migrated.primitive(id)->attribute("fsid"), config.primitive(id)->attribute("fsid")) << id;
}

// nfsserver listed after its exports: its server still starts before them.
TEST(HanfsCheckMigrate, AnNfsserverAfterTheExportsBecomesAnNfsServerBeforeThem) {
  const auto c = parsed(cib_of(
      "<group id=\"g\">" + primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}}) +
      primitive("e", "ocf:heartbeat:exportfs", {{"directory", "/export"}, {"clientspec", "*"}, {"fsid", "3"}}) +
      primitive("srv", "ocf:heartbeat:nfsserver", {{"nfs_server_scope", "svc-a"}}) +
      primitive("ip", "ocf:heartbeat:IPaddr2", {{"ip", "10.0.0.5"}, {"cidr_netmask", "24"}, {"nic", "eth1"}}) +
      "</group>"));
  const auto cmds = commands_of(*plan_migration(c, "g"));
  const std::string f = "pcs -f hanfs-migrate-g.xml resource create ";
  const auto has = [&](const std::string& line) { return std::find(cmds.begin(), cmds.end(), line) != cmds.end(); };
  EXPECT_TRUE(has(f + "srv ocf:hanfs:nfs-server name=svc-a state_dir=/export/.nfs ip=10.0.0.5 --group g --after fs"))
      << ::testing::PrintToString(cmds);
  EXPECT_TRUE(has(f + "e ocf:hanfs:nfs-export-fsid service=svc-a directory=/export 'clientspec=*' fsid=3 --group g "
                      "--after srv"))
      << ::testing::PrintToString(cmds);
  EXPECT_TRUE(has(f + "ip ocf:hanfs:nfs-address service=svc-a ip=10.0.0.5 cidr_netmask=24 nic=eth1 --group g --after e"))
      << ::testing::PrintToString(cmds);
}

TEST(HanfsCheckMigrate, AnExportfsWithoutFsidGetsTheFilesystemsUuidAndSaysWhy) {
  const auto c = parsed(cib_of(
      "<group id=\"g\">" +
      primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}, {"device", "/dev/vg/lv"}}) +
      primitive("e", "ocf:heartbeat:exportfs", {{"directory", "/export/a"}, {"clientspec", "*"}, {"options", "rw"}}) +
      primitive("ip", "ocf:heartbeat:IPaddr2", {{"ip", "10.0.0.5"}}) + "</group>"));
  const auto lines = plan_migration(c, "g");
  ASSERT_TRUE(lines.has_value());
  const auto cmds = commands_of(*lines);
  EXPECT_NE(std::find(cmds.begin(), cmds.end(),
                      "pcs -f hanfs-migrate-g.xml resource create e ocf:hanfs:nfs-export-fsid directory=/export/a "
                      "'clientspec=*' options=rw \"fsid=$fsid_e\" --group g --after fs"),
            cmds.end())
      << ::testing::PrintToString(cmds);
  // Read before the group stops (the LV is still active then).
  EXPECT_EQ(cmds[0], "fsid_e=$(blkid -p -o value -s UUID /dev/vg/lv)");
  EXPECT_EQ(cmds[1], "pcs resource disable g --wait");
  bool says_stale = false;
  for (const auto& l : *lines) says_stale = says_stale || l.find("one moment clients get") != std::string::npos;
  EXPECT_TRUE(says_stale);
}

TEST(HanfsCheckMigrate, ExportfsOfOneDirectoryToSeveralClientsBecomesOneResource) {
  const auto c = parsed(cib_of(
      "<group id=\"g\">" + primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}}) +
      primitive("a", "ocf:heartbeat:exportfs", {{"directory", "/export"}, {"clientspec", "10.0.0.1"}, {"fsid", "4"}}) +
      primitive("b", "ocf:heartbeat:exportfs", {{"directory", "/export"}, {"clientspec", "10.0.0.2"}, {"fsid", "4"}}) +
      "</group>"));
  const auto cmds = commands_of(*plan_migration(c, "g"));
  const auto creates = std::count_if(cmds.begin(), cmds.end(),
                                     [](const std::string& l) { return l.find(" resource create ") != std::string::npos; });
  EXPECT_EQ(creates, 1);
  EXPECT_NE(std::find(cmds.begin(), cmds.end(),
                      "pcs -f hanfs-migrate-g.xml resource create a ocf:hanfs:nfs-export-fsid directory=/export "
                      "'clientspec=10.0.0.1 10.0.0.2' fsid=4 --group g --after fs"),
            cmds.end())
      << ::testing::PrintToString(cmds);
}

TEST(HanfsCheckMigrate, AnUnknownGroupOrASharedVgIsRefusedWithTheReason) {
  auto none = plan_migration(cib("shell-stack.xml"), "nope");
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().reason.find("no group 'nope'"), std::string::npos);
  const auto shared = parsed(cib_of("<group id=\"g\">" +
                                    primitive("v", "ocf:heartbeat:LVM-activate",
                                              {{"vgname", "vg"}, {"vg_access_mode", "lvmlockd"}}) +
                                    "</group>"));
  auto r = plan_migration(shared, "g");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().reason.find("lvmlockd"), std::string::npos);
}

TEST(HanfsCheckMigrate, AGroupOfOurAgentsHasNothingToReplace) {
  const auto lines = plan_migration(cib("clean.xml"), "nfs");
  ASSERT_TRUE(lines.has_value());
  EXPECT_TRUE(commands_of(*lines).empty());
}

// --- the command line --------------------------------------------------------

TEST(HanfsCheckCli, TheLiveCibComesFromCibadminAndItsFailureIsExit2) {
  FakeNode node;
  node.commands.on({"cibadmin", "-Q"}, exited(0, fixture("clean.xml")));
  auto r = run_cli({"--no-node"}, node.host());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  node.commands.on({"cibadmin", "-Q"}, exited(0, fixture("vg-dynamic-minors.xml")));
  EXPECT_EQ(run_cli({"--no-node"}, node.host()).exit_code, 1);
  node.commands.on({"cibadmin", "-Q"}, exited(102, "", "Could not connect to the CIB: Transport endpoint is not connected"));
  r = run_cli({"--no-node", "--json"}, node.host());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.substr(0, 24), "{\"status\": \"unreadable\",");
  EXPECT_NE(r.out.find("Transport endpoint"), std::string::npos);
}

TEST(HanfsCheckCli, BadArgumentsAreExit2) {
  FakeNode node;
  EXPECT_EQ(run_cli({"--bogus"}, node.host()).exit_code, 2);
  EXPECT_EQ(run_cli({"--timeout", "0"}, node.host()).exit_code, 2);
  EXPECT_EQ(run_cli({"--cib"}, node.host()).exit_code, 2);
  EXPECT_EQ(run_cli({"--cib", "/nonexistent/cib.xml"}, node.host()).exit_code, 2);
  EXPECT_EQ(run_cli({"--help"}, node.host()).exit_code, 0);
}

// --- the nodes' nfsd times ---------------------------------------------------

TEST(HanfsCheckNfsdTimes, TheAttributeValueRoundTripsAndAHostileOneIsRefused) {
  EXPECT_EQ(encode(NfsdTimes{10, 90}), "lease=10 grace=90");
  EXPECT_EQ(encode(NfsdTimes{std::nullopt, 90}), "grace=90");
  EXPECT_EQ(decode_nfsd_times("lease=10 grace=90"), (NfsdTimes{10, 90}));
  EXPECT_EQ(decode_nfsd_times("grace=90"), (NfsdTimes{std::nullopt, 90}));
  for (const char* bad : {"", "lease=", "lease=-1", "lease=10 lease=20", "lease=1x", "scope=a", "lease 10",
                          "lease=99999999999999999999"})
    EXPECT_FALSE(decode_nfsd_times(bad).has_value()) << bad;
  EXPECT_EQ(describe(NfsdTimes{10, std::nullopt}), "lease 10 s, grace unknown");
}

TEST(HanfsCheckRisks, NodesWithDifferentLeaseOrGraceTimesAreARiskFixedWithTheLargest) {
  NodeState node;
  node.cluster_nfsd_times = {{"node1", {10, 90}}, {"node2", {10, 90}}};
  EXPECT_TRUE(find_risks(cib("clean.xml"), node).empty());
  node.cluster_nfsd_times["node2"] = {20, 15};
  const auto risks = find_risks(cib("clean.xml"), node);
  ASSERT_EQ(codes(risks), std::vector<std::string>{"nfsd-times-differ"});
  EXPECT_EQ(risks[0].detail,
            "nfsd's NFSv4 times differ between the nodes: node1: lease 10 s, grace 90 s; node2: lease 20 s, grace 15 s");
  ASSERT_EQ(risks[0].fix.size(), 3u);
  EXPECT_EQ(risks[0].fix[0].substr(0, 47), "printf '[nfsd]\\nlease-time=20\\ngrace-time=90\\n'");
  // A time no node could read is left out of the fix.
  node.cluster_nfsd_times = {{"node1", {std::nullopt, 90}}, {"node2", {std::nullopt, 45}}};
  const auto grace_only = find_risks(cib("clean.xml"), node);
  ASSERT_EQ(codes(grace_only), std::vector<std::string>{"nfsd-times-differ"});
  EXPECT_EQ(grace_only[0].fix[0].substr(0, 32), "printf '[nfsd]\\ngrace-time=90\\n'");
  // A part one node could not read is compared on the other parts alone.
  node.cluster_nfsd_times = {{"node1", {10, 90}}, {"node2", {std::nullopt, 90}}};
  EXPECT_TRUE(find_risks(cib("clean.xml"), node).empty());
}

namespace {
// A live node with lease 10 s and grace 90 s, the clean CIB (node1, node2),
// and attrd answering with OTHERS (attrd_updater -Q -A lines).
void live_node(FakeNode& node, const std::string& others) {
  FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4leasetime", "10\n");
  FakeNode::write(node.host().proc + "/fs/nfsd/nfsv4gracetime", "90\n");
  node.commands.on({"cibadmin", "-Q"}, exited(0, fixture("clean.xml")));
  node.commands.on({"crm_node", "-n"}, exited(0, "node1\n"));
  node.commands.on({"attrd_updater", "--private"}, exited(0));
  node.commands.on({"attrd_updater", "-Q"}, exited(0, others));
}
std::string attrd_line(const std::string& host, const std::string& value) {
  return "name=\"hanfs-nfsd-times\" host=\"" + host + "\" value=\"" + value + "\"\n";
}
}  // namespace

TEST(HanfsCheckCli, ALiveAuditPublishesThisNodesTimesAndComparesThemWithTheOtherNodes) {
  FakeNode node;
  FakeLvm lvm(node);
  // attrd still holds node1's previous value: this run's own values count.
  live_node(node, attrd_line("node1", "lease=30 grace=30") + attrd_line("node2", "lease=10 grace=90"));
  auto r = run_cli({"--json"}, node.host());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("NFSv4 lease 10 s, grace 90 s on node1, node2"), std::string::npos) << r.out;
  const auto published = node.commands.calls_of({"attrd_updater", "--private"});
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0], (std::vector<std::string>{"attrd_updater", "--private", "-n", "hanfs-nfsd-times", "-U",
                                                    "lease=10 grace=90"}));

  live_node(node, attrd_line("node2", "lease=90 grace=90"));
  r = run_cli({"--json"}, node.host());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("\"code\": \"nfsd-times-differ\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("node1: lease 10 s, grace 90 s; node2: lease 90 s, grace 90 s"), std::string::npos) << r.out;
}

TEST(HanfsCheckCli, ANodeThatHasNotPublishedOrAnAttrdThatFailsIsANoteNotARisk) {
  FakeNode node;
  FakeLvm lvm(node);
  live_node(node, attrd_line("node2", "garbage"));
  auto r = run_cli({}, node.host());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("node2 has not published its NFSv4 lease and grace times: run hanfs-check on node2"),
            std::string::npos)
      << r.out;
  node.commands.on({"attrd_updater", "--private"}, exited(1, "", "Could not connect to pacemaker-attrd"));
  r = run_cli({}, node.host());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("this node: NFSv4 lease 10 s, grace 90 s (not compared with the other nodes"),
            std::string::npos)
      << r.out;
  // A CIB file may be another cluster's: nothing is published or compared.
  const auto before = node.commands.calls_of({"attrd_updater"}).size();
  r = run_cli({"--cib", fixture_path("clean.xml")}, node.host());
  EXPECT_EQ(node.commands.calls_of({"attrd_updater"}).size(), before);
}

// --- the built binary --------------------------------------------------------

namespace {
CommandResult run_binary(const std::vector<std::string>& args) {
  std::vector<std::string> argv{HANFS_CHECK_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, Deadline(std::chrono::seconds(20)));
}
}  // namespace

TEST(HanfsCheckBinary, ExitsZeroForTheCleanCibOneForARiskyOneTwoForABrokenOne) {
  auto clean = run_binary({"--no-node", "--cib", fixture_path("clean.xml")});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_EQ(run_binary({"--no-node", "--cib", fixture_path("shell-stack.xml")}).exit_code, 1);
  auto broken = run_binary({"--no-node", "--cib", fixture_path("broken.xml")});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("not well-formed"), std::string::npos);
  EXPECT_EQ(run_binary({"--no-node", "--cib", fixture_path("shell-stack.xml"), "--migrate", "nfsgroup"}).exit_code, 0);
  EXPECT_EQ(run_binary({"--no-node", "--cib", fixture_path("shell-stack.xml"), "--migrate", "nope"}).exit_code, 2);
}

TEST(HanfsCheckBinary, TheBuildWroteTheManPageFromTheSameText) {
  std::ifstream in(std::string(HANFS_MAN_DIR) + "/hanfs-check.8");
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), man_page(HANFS_VERSION));
}

TEST(HanfsCheckMigrate, OnTheNodeWithTheFilesystemTheUuidIsWrittenOrAFreshFsidGivenWhenThereIsNone) {
  const auto c = parsed(cib_of(
      "<group id=\"g\">" +
      primitive("fs", "ocf:heartbeat:Filesystem", {{"directory", "/export"}, {"device", "/dev/vg/lv"}}) +
      primitive("e", "ocf:heartbeat:exportfs", {{"directory", "/export"}, {"clientspec", "h"}}) +
      primitive("k", "ocf:heartbeat:exportfs", {{"directory", "/other"}, {"clientspec", "h"}, {"fsid", "41"}}) +
      "</group>"));
  NodeState node = quiet_node();
  node.filesystem_uuid["/export"] = parse_uuid("6b0f2e6a-1a9c-4d34-9b4e-1234567890ab");
  auto cmds = commands_of(*plan_migration(c, "g", &node));
  EXPECT_EQ(cmds[0], "pcs resource disable g --wait");
  EXPECT_NE(std::find(cmds.begin(), cmds.end(),
                      "pcs -f hanfs-migrate-g.xml resource create e ocf:hanfs:nfs-export-fsid directory=/export "
                      "clientspec=h fsid=6b0f2e6a-1a9c-4d34-9b4e-1234567890ab --group g --after fs"),
            cmds.end())
      << ::testing::PrintToString(cmds);
  node.filesystem_uuid["/export"] = std::nullopt;
  const auto lines = *plan_migration(c, "g", &node);
  cmds = commands_of(lines);
  EXPECT_NE(std::find(cmds.begin(), cmds.end(),
                      "pcs -f hanfs-migrate-g.xml resource create e ocf:hanfs:nfs-export-fsid directory=/export "
                      "clientspec=h fsid=42 --group g --after fs"),
            cmds.end())
      << ::testing::PrintToString(cmds);
  bool says_stale = false;
  for (const auto& l : lines) says_stale = says_stale || l.find("one moment they get") != std::string::npos;
  EXPECT_TRUE(says_stale);
}
