// nfs-server's configuration: the one parser over the shipped metadata, the
// dispatcher's refusal of what is missing, lockd's grace for a start, and
// validate-all on a fake node (tests/unit/fake_node.h).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "agents/nfs-server/actions.h"
#include "agents/nfs-server/config.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/hostile_values.h"
#include "tests/unit/agent_config.h"
#include "tests/unit/metadata_files.h"

namespace {

namespace fs = std::filesystem;
using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::testing::FakeNode;
using namespace hanfs::nfs_server;

EnvMap good_params() {
  return {{"name", "nfs-a"}, {"state_dir", "/srv/nfs-a/.nfs/var-lib-nfs"}, {"ip", "192.0.2.50"}};
}

hanfs::Result<Config> config_from(const EnvMap& changes, const std::vector<std::string>& unset = {}) {
  return hanfs::testing::config_with("nfs-server", parse_config, good_params(), changes, unset);
}

void expect_refused_naming(const EnvMap& changes, const std::string& parameter) {
  hanfs::testing::expect_refused_naming(config_from(changes), parameter);
}

TEST(NfsServerConfig, DefaultsAreEightThreadsNinetySecondsOfGraceAndLeaseThirtyForLockd) {
  const auto c = config_from({});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->threads, 8);
  EXPECT_EQ(c->grace_time, 90);
  EXPECT_EQ(c->lease_time, 90);
  EXPECT_EQ(c->nlm_grace_time, 30);
  EXPECT_EQ(c->ip, "192.0.2.50");
}

TEST(NfsServerConfig, TheServicesPinsAreUnderRunHanfsByItsName) {
  const auto c = config_from({});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->server.name, "nfs-a");
  EXPECT_EQ(c->server.pins, "/run/hanfs/nfs-a");
}

TEST(NfsServerConfig, StateDirLosesItsTrailingSlashesAndDotDots) {
  const auto c = config_from({{"state_dir", "/srv/nfs-a/x/../.nfs/var-lib-nfs//"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->server.state_dir, "/srv/nfs-a/.nfs/var-lib-nfs");
}

TEST(NfsServerConfig, EachRequiredParameterMissingIsNotConfiguredNamingIt) {
  for (const char* missing : {"name", "state_dir", "ip"}) {
    const auto c = config_from({}, {missing});
    ASSERT_FALSE(c) << missing;
    EXPECT_EQ(c.error().status, OcfStatus::err_configured) << missing;
    EXPECT_NE(c.error().reason.find(missing), std::string::npos) << c.error().reason;
  }
}

TEST(NfsServerConfig, AnIpThatIsNotADottedQuadIsNotConfigured) {
  for (const char* bad : {"192.0.2.256", "192.0.2", "nfs-float.example.com", "192.0.2.050", "2001:db8::1", "-1"})
    expect_refused_naming({{"ip", bad}}, "ip");
}

TEST(NfsServerConfig, NoThreadsOrTimesBelowTheKernelsTenSecondsAreNotConfigured) {
  expect_refused_naming({{"threads", "0"}}, "threads");
  expect_refused_naming({{"threads", "8193"}}, "threads");
  expect_refused_naming({{"grace_time", "9"}}, "grace_time");
  expect_refused_naming({{"lease_time", "9"}}, "lease_time");
  expect_refused_naming({{"nlm_grace_time", "9"}}, "nlm_grace_time");
  expect_refused_naming({{"grace_time", "3601"}}, "grace_time");
  const auto c = config_from({{"threads", "1"}, {"grace_time", "10"}, {"lease_time", "3600"}, {"nlm_grace_time", "10"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->threads, 1);
  EXPECT_EQ(c->lease_time, 3600);
}

TEST(NfsServerConfig, ANameThatIsNoHostNameOrWouldLeaveItsDirectoryIsNotConfigured) {
  for (const std::string& bad : {std::string("nfs/a"), std::string("../nfs-a"), std::string("nfs a"),
                                 std::string(65, 'n'), std::string("-nfs"), std::string("nfs\na")})
    expect_refused_naming({{"name", bad}}, "name");
}

TEST(NfsServerConfig, TheNamesDotAndDotDotAreNotConfigured) {
  expect_refused_naming({{"name", ".."}}, "name");
  expect_refused_naming({{"name", "."}}, "name");
}

TEST(NfsServerConfig, AStateDirThatIsNotAbsoluteBelowRootIsNotConfigured) {
  for (const char* bad : {"relative/dir", "/", "//", "/srv/..", "./x"}) expect_refused_naming({{"state_dir", bad}}, "state_dir");
}

TEST(NfsServerConfig, HostileValuesAreParsedOrRefusedNamingTheParameter) {
  hanfs::testing::feed_hostile_values(agent_metadata("nfs-server"), good_params(), [](const hanfs::Parameters& p) {
    return parse_config(p, hanfs::Host::real()).problems;
  });
}

TEST(NfsServerConfig, LockdsGraceIsTenSecondsWithoutNfsv3ClientsElseNlmGraceTime) {
  auto c = config_from({{"nlm_grace_time", "45"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(nlm_grace_for(*c, false), 10);
  EXPECT_EQ(nlm_grace_for(*c, true), 45);
}

// validate-all through the dispatcher, on a node with nfsd loaded and the
// programs in PATH (stand-ins: validate runs none of them).
class NfsServerValidate : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(node.host().proc + "/fs/nfsd");
  }

  hanfs::Outcome validate(const EnvMap& params) const {
    return node.run(definition(), "validate-all", params);
  }

  FakeNode node;
  const std::string bin = node.root() + "/bin";
  // check_node looks for these in PATH; what they do is scripted.
  const hanfs::testing::ProgramsInPath programs{bin, {"unshare", "mount", "hostname", "ip", "sysctl", "rpcbind",
                                                      "rpc.statd", "nfsdcld", "rpc.mountd", "rpc.nfsd"}};
};

TEST_F(NfsServerValidate, AGoodConfigurationOnANodeWithNfsdSucceedsAndRunsNothing) {
  const auto r = validate(good_params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsServerValidate, EachRequiredParameterMissingIsNotConfiguredNamingItInTheExitReason) {
  for (const char* missing : {"name", "state_dir", "ip"}) {
    EnvMap params = good_params();
    params.erase(missing);
    const auto r = validate(params);
    EXPECT_EQ(r.status, OcfStatus::err_configured) << missing << ": " << r.reason;
    EXPECT_NE(r.reason.find(missing), std::string::npos) << r.reason;
  }
}

TEST_F(NfsServerValidate, ABadValueIsNotConfiguredNamingTheParameterAndItsValue) {
  EnvMap params = good_params();
  params["ip"] = "1.2.3.256";
  const auto r = validate(params);
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("ip '1.2.3.256'"), std::string::npos) << r.reason;
}

TEST_F(NfsServerValidate, WithoutTheKernelNfsServerItIsNotInstalledAndSaysModprobe) {
  fs::remove_all(node.host().proc + "/fs/nfsd");
  const auto r = validate(good_params());
  EXPECT_EQ(r.status, OcfStatus::err_installed) << r.reason;
  EXPECT_NE(r.reason.find("modprobe nfsd"), std::string::npos) << r.reason;
}

}  // namespace
