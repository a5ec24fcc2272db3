// nfs-address: the one parser over the shipped metadata, and its actions on
// a fake node (tests/unit/fake_node.h): the service's pins in the fake mount
// table, every `ip` and `sysctl` inside the service's namespaces scripted.
// Nothing is made for real.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "agents/nfs-address/actions.h"
#include "agents/nfs-address/config.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/hostile_values.h"
#include "tests/unit/agent_config.h"
#include "tests/unit/metadata_files.h"

namespace {

namespace fs = std::filesystem;
using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::testing::exited;
using hanfs::testing::FakeNode;
using Argv = std::vector<std::string>;
using namespace hanfs::nfs_address;

EnvMap good_params() { return {{"service", "nfs-a"}, {"ip", "192.0.2.50"}, {"cidr_netmask", "24"}}; }

hanfs::Result<Config> config_from(const EnvMap& changes, const std::vector<std::string>& unset = {}) {
  return hanfs::testing::config_with("nfs-address", parse_config, good_params(), changes, unset);
}

void expect_refused_naming(const EnvMap& changes, const std::string& parameter) {
  hanfs::testing::expect_refused_naming(config_from(changes), parameter);
}

// ---- configuration ----

TEST(NfsAddressConfig, TheAddressIsInTheNamedServicesPinsAndItsNicIsFoundAtStart) {
  const auto c = config_from({});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->service, "nfs-a");
  EXPECT_EQ(c->pins, "/run/hanfs/nfs-a");
  EXPECT_EQ(c->address.ip, "192.0.2.50");
  EXPECT_EQ(c->address.prefix, 24);
  EXPECT_EQ(c->address.nic, "");
}

TEST(NfsAddressConfig, EachRequiredParameterMissingIsNotConfiguredNamingIt) {
  for (const char* missing : {"service", "ip", "cidr_netmask"}) {
    const auto c = config_from({}, {missing});
    ASSERT_FALSE(c) << missing;
    EXPECT_EQ(c.error().status, OcfStatus::err_configured);
    EXPECT_NE(c.error().reason.find(missing), std::string::npos) << c.error().reason;
  }
}

TEST(NfsAddressConfig, AServiceThatNoNfsServerCanBeNamedIsNotConfigured) {
  for (const char* bad : {"..", "a/b", "-x", " "}) expect_refused_naming({{"service", bad}}, "service");
}

TEST(NfsAddressConfig, AnIpThatIsNotADottedQuadIsNotConfigured) {
  for (const char* bad : {"1.2.3.256", "192.0.2", "host.example", "::1"}) expect_refused_naming({{"ip", bad}}, "ip");
}

TEST(NfsAddressConfig, ANetmaskOutside1To32IsNotConfigured) {
  expect_refused_naming({{"cidr_netmask", "0"}}, "cidr_netmask");
  expect_refused_naming({{"cidr_netmask", "33"}}, "cidr_netmask");
  expect_refused_naming({{"cidr_netmask", "255.255.255.0"}}, "cidr_netmask");
  EXPECT_TRUE(config_from({{"cidr_netmask", "32"}}));
  EXPECT_TRUE(config_from({{"cidr_netmask", "1"}}));
}

TEST(NfsAddressConfig, ANicThatIsNoInterfaceNameIsNotConfigured) {
  for (const std::string& bad : {std::string("eth0 eth1"), std::string("../eth0"), std::string(".."),
                                 std::string(16, 'e'), std::string("eth0:1")})
    expect_refused_naming({{"nic", bad}}, "nic");
  const auto c = config_from({{"nic", "bond0.100"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->address.nic, "bond0.100");
}

TEST(NfsAddressConfig, HostileValuesAreParsedOrRefusedNamingTheParameter) {
  hanfs::testing::feed_hostile_values(agent_metadata("nfs-address"), good_params(), [](const hanfs::Parameters& p) {
    return parse_config(p, hanfs::Host::real()).problems;
  });
}

// ---- actions ----

constexpr std::string_view kAddrUp =
    "2: hanfs0    inet 192.0.2.50/24 brd 192.0.2.255 scope global hanfs0\\       valid_lft forever preferred_lft "
    "forever\n";

class NfsAddressActions : public ::testing::Test {
 protected:
  void SetUp() override { node.mount_table({}); }

  // The service's server made its namespaces: all three pins.
  void server_here() { node.pin_service("nfs-a"); }
  // A making or ending cut short: only the net pin.
  void half_pinned() {
    FakeNode::write(pins + "/net", "");
    std::ofstream(node.host().proc + "/self/mountinfo", std::ios::app)
        << "613 612 0:4 net:[4026532281] " << pins << "/net rw - nsfs nsfs rw\n";
  }
  void address_shown(std::string_view shown) {
    node.commands.on({"ip", "-o", "-4", "addr", "show", "dev", "hanfs0", "up"}, exited(0, std::string(shown)));
  }
  // Every command a start runs succeeds; the interface is not there yet.
  void start_commands_succeed() {
    node.commands.on({"ip"}, exited(0));
    node.commands.on({"sysctl"}, exited(0));
    address_shown("");
    node.commands.on({"ip", "-o", "route", "get", "192.0.2.50"},
                     exited(0, "192.0.2.50 dev eth0 src 192.0.2.11 uid 0 \\    cache \n"));
    node.commands.on({"ip", "-o", "link", "show", "dev", "hanfs0"},
                     exited(1, "", "Device \"hanfs0\" does not exist.\n"));
    node.commands.on({"ip", "-o", "-4", "route", "show", "default", "dev", "eth0"},
                     exited(0, "default via 192.0.2.1 proto dhcp src 192.0.2.11 metric 100 \n"));
  }
  // Commands that change something (not an `ip -o` read).
  std::vector<Argv> changes() const {
    std::vector<Argv> found;
    for (const Argv& c : node.commands.calls())
      if (!(c.size() >= 2 && c[0] == "ip" && c[1] == "-o")) found.push_back(c);
    return found;
  }

  FakeNode node;
  const std::string pins = node.host().run_dir + "/hanfs/nfs-a";
  const hanfs::testing::ProgramsInPath programs{node.root() + "/bin", {"ip", "sysctl"}};
};

TEST_F(NfsAddressActions, ProbeWithNoServiceNamespaceIsNotRunningAndRunsNothing) {
  const auto r = node.probe(definition(), good_params());
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsAddressActions, MonitorWithTheAddressUpInTheNamespaceIsRunning) {
  server_here();
  address_shown(kAddrUp);
  const auto r = node.monitor(definition(), good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(changes().empty());
}

TEST_F(NfsAddressActions, MonitorWithTheInterfaceThereButDownIsNotRunning) {
  server_here();
  address_shown("");   // hanfs0 there but down: `ip ... up` lists nothing
  EXPECT_EQ(node.monitor(definition(), good_params()).status, OcfStatus::not_running);
}

TEST_F(NfsAddressActions, MonitorWithAnotherAddressOnTheInterfaceIsNotRunning) {
  server_here();
  address_shown("2: hanfs0    inet 192.0.2.51/24 scope global hanfs0\n");
  EXPECT_EQ(node.monitor(definition(), good_params()).status, OcfStatus::not_running);
}

TEST_F(NfsAddressActions, MonitorWithTheInterfaceGoneIsNotRunning) {
  server_here();
  node.commands.on({"ip", "-o", "-4", "addr", "show", "dev", "hanfs0", "up"},
                   exited(1, "", "Device \"hanfs0\" does not exist.\n"));
  EXPECT_EQ(node.monitor(definition(), good_params()).status, OcfStatus::not_running);
}

TEST_F(NfsAddressActions, MonitorThatCannotRunIpInTheNamespaceIsFailedSayingSo) {
  server_here();
  node.commands.on({"ip", "-o", "-4", "addr", "show", "dev", "hanfs0", "up"},
                   exited(255, "", "setns: Invalid argument\n"));
  const auto r = node.monitor(definition(), good_params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("cannot read the service's address"), std::string::npos) << r.reason;
}

TEST_F(NfsAddressActions, ProbeWithTheNamespacesHalfThereIsFailedNotStopped) {
  half_pinned();
  const auto r = node.probe(definition(), good_params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("1 of 3 pinned"), std::string::npos) << r.reason;
}

TEST_F(NfsAddressActions, MonitorWithABrokenConfigurationIsNotConfigured) {
  server_here();
  auto p = good_params();
  p["cidr_netmask"] = "33";
  const auto r = node.monitor(definition(), p);
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("cidr_netmask"), std::string::npos) << r.reason;
}

TEST_F(NfsAddressActions, StartWithoutTheServicesServerHereFailsNamingItAndMakesNothing) {
  start_commands_succeed();
  const auto r = node.run(definition(), "start", good_params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("nfs-server name=nfs-a"), std::string::npos) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsAddressActions, StartMakesAMacvlanInTheNamespaceThenArpNotifyTheAddressTheLinkUpAndTheRoute) {
  server_here();
  start_commands_succeed();
  const auto r = node.run(definition(), "start", good_params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(changes(), (std::vector<Argv>{
                           {"ip", "link", "add", "link", "eth0", "name", "hanfs0", "netns", pins + "/net", "type",
                            "macvlan", "mode", "bridge"},
                           {"sysctl", "-q", "-w", "net.ipv4.conf.hanfs0.arp_notify=1"},
                           {"ip", "addr", "replace", "192.0.2.50/24", "dev", "hanfs0"},
                           {"ip", "link", "set", "dev", "hanfs0", "up"},
                           {"ip", "route", "replace", "default", "via", "192.0.2.1", "dev", "hanfs0"},
                       }));
}

TEST_F(NfsAddressActions, StartWithTheAddressUpSucceedsAndChangesNothing) {
  server_here();
  start_commands_succeed();
  address_shown(kAddrUp);
  const auto r = node.run(definition(), "start", good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(changes().empty());
}

TEST_F(NfsAddressActions, StartCutShortAfterTheMacvlanCompletesItWithoutMakingAnother) {
  server_here();
  start_commands_succeed();
  node.commands.on({"ip", "-o", "link", "show", "dev", "hanfs0"},
                   exited(0, "2: hanfs0@if2: <BROADCAST,MULTICAST> mtu 1500 state DOWN\n"));
  const auto r = node.run(definition(), "start", good_params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(node.commands.called({"ip", "link", "add"}));
  EXPECT_TRUE(node.commands.called({"ip", "addr", "replace", "192.0.2.50/24", "dev", "hanfs0"}));
  EXPECT_TRUE(node.commands.called({"ip", "link", "set", "dev", "hanfs0", "up"}));
}

TEST_F(NfsAddressActions, StartWithNoRouteToTheAddressIsNotConfiguredAskingForNic) {
  server_here();
  start_commands_succeed();
  node.commands.on({"ip", "-o", "route", "get", "192.0.2.50"},
                   exited(0, "local 192.0.2.50 dev lo table local src 192.0.2.50 uid 0 \\    cache <local> \n"));
  const auto r = node.run(definition(), "start", good_params());
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("set nic"), std::string::npos) << r.reason;
  EXPECT_TRUE(changes().empty());
}

TEST_F(NfsAddressActions, StartWithNicGivenUsesItWithoutAskingForTheRoute) {
  server_here();
  start_commands_succeed();
  node.commands.on({"ip", "-o", "-4", "route", "show", "default", "dev", "bond0"}, exited(0, ""));
  auto p = good_params();
  p["nic"] = "bond0";
  const auto r = node.run(definition(), "start", p);
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(node.commands.called({"ip", "-o", "route", "get"}));
  EXPECT_TRUE(node.commands.called({"ip", "link", "add", "link", "bond0", "name", "hanfs0"}));
  EXPECT_FALSE(node.commands.called({"ip", "route", "replace"}));   // no default route through bond0
}

TEST_F(NfsAddressActions, StartWhoseMacvlanCannotBeMadeFailsSayingWhyAndBringsNothingUp) {
  server_here();
  start_commands_succeed();
  node.commands.on({"ip", "link", "add"}, exited(2, "", "RTNETLINK answers: Operation not supported\n"));
  const auto r = node.run(definition(), "start", good_params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("Operation not supported"), std::string::npos) << r.reason;
  EXPECT_FALSE(node.commands.called({"ip", "addr"}));
  EXPECT_FALSE(node.commands.called({"ip", "link", "set"}));
}

TEST_F(NfsAddressActions, StopDeletesTheServicesInterfaceAndRunsNothingElse) {
  server_here();
  node.commands.on({"ip", "link", "del", "dev", "hanfs0"}, exited(0));
  const auto r = node.run(definition(), "stop", good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(node.commands.calls(), (std::vector<Argv>{{"ip", "link", "del", "dev", "hanfs0"}}));
}

TEST_F(NfsAddressActions, StopWithTheInterfaceAlreadyGoneSucceeds) {
  server_here();
  node.commands.on({"ip", "link", "del", "dev", "hanfs0"}, exited(1, "", "Cannot find device \"hanfs0\"\n"));
  EXPECT_EQ(node.run(definition(), "stop", good_params()).status, OcfStatus::success);
}

TEST_F(NfsAddressActions, StopThatCannotDeleteTheInterfaceFailsSayingWhy) {
  server_here();
  node.commands.on({"ip", "link", "del", "dev", "hanfs0"}, exited(255, "", "setns: Invalid argument\n"));
  const auto r = node.run(definition(), "stop", good_params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("setns"), std::string::npos) << r.reason;
}

TEST_F(NfsAddressActions, StopWithNoServiceNamespaceSucceedsAndRunsNothing) {
  const auto r = node.run(definition(), "stop", good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsAddressActions, StopWithTheNamespacesHalfThereLeavesThemToTheServersStopAndSucceeds) {
  half_pinned();
  const auto r = node.run(definition(), "stop", good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsAddressActions, StopWithABrokenAddressStillTakesDownTheNamedServicesInterface) {
  server_here();
  node.commands.on({"ip", "link", "del", "dev", "hanfs0"}, exited(0));
  auto p = good_params();
  p["ip"] = "not-an-address";
  EXPECT_EQ(node.run(definition(), "stop", p).status, OcfStatus::success);
  EXPECT_TRUE(node.commands.called({"ip", "link", "del", "dev", "hanfs0"}));
}

TEST_F(NfsAddressActions, ValidateOfAGoodConfigurationSucceedsAndRunsNothing) {
  const auto r = node.run(definition(), "validate-all", good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

}  // namespace
