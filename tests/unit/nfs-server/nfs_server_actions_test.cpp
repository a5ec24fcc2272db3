// nfs-server's actions on a fake node (tests/unit/fake_node.h). The view
// (view.cpp) is read as on a node: the pins from the mount table under the
// fake /proc (nsfs lines; the net pin a real file whose inode the fake
// /proc/<pid>/ns/net links name), the daemons from the fake /proc, the
// threads from scripted commands run inside. Every `ip`,
// `mount`, `unshare` and daemon is scripted: nothing is made for real. Fake
// pids are past PID_MAX_LIMIT (2^22), so no signal can reach a process of
// this machine. remove_pins unmounts the pins of the fake table for real
// (umount2 of a plain file: EINVAL, taken as "not mounted"), which needs
// root: the tests that reach it are skipped otherwise.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "agents/nfs-server/actions.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/metadata_files.h"

namespace {

namespace fs = std::filesystem;
using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::testing::exited;
using hanfs::testing::FakeNode;
using Argv = std::vector<std::string>;

// The namespace as unshare makes it: the node's mounts, nothing of the service's.
constexpr std::string_view kInsideBare =
    "401 400 254:1 / / rw,relatime master:1 - ext4 /dev/vda1 rw\n"
    "403 401 0:23 / /proc rw,nosuid,nodev,noexec,relatime master:12 - proc proc rw\n";
// The namespace as set_up_inside leaves it, the service's filesystem
// (253:3) mounted at SRV: its state directory bound on /var/lib/nfs, the
// service's own /run, rpc_pipefs and nfsd, lockd's grace sysctl read-only.
std::string inside_set_up(const std::string& srv) {
  return "401 400 254:1 / / rw,relatime master:1 - ext4 /dev/vda1 rw\n"
         "403 401 0:23 / /proc rw,nosuid,nodev,noexec,relatime master:12 - proc proc rw\n"
         "410 401 253:3 / " + srv + " rw,relatime master:39 - xfs /dev/mapper/vg-a rw\n"
         "420 401 253:3 /.nfs/var-lib-nfs /var/lib/nfs rw,relatime master:40 - xfs /dev/mapper/vg-a rw\n"
         "421 401 0:61 / /run rw,relatime - tmpfs hanfs-nfs-a rw,size=16384k,mode=755\n"
         "422 421 0:62 / /run/rpc_pipefs rw,relatime - rpc_pipefs hanfs-nfs-a rw\n"
         "423 403 0:63 / /proc/fs/nfsd rw,relatime - nfsd hanfs-nfs-a rw\n"
         "424 403 0:23 /sys/fs/nfs/nlm_grace_period /proc/sys/fs/nfs/nlm_grace_period ro,relatime master:12 - proc "
         "proc rw\n";
}

class NfsServerActions : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(srv + "/.nfs");   // state_dir's parent, on the service's filesystem
    node.mount_table({{srv, "253:3"}});   // the service's filesystem is mounted
    fs::create_directories(node.host().proc + "/fs/nfsd");
    FakeNode::write(nlm_grace_file(), "90\n");
  }

  EnvMap params() const {
    return {{"name", "nfs-a"}, {"state_dir", state_dir}, {"ip", "192.0.2.50"}};
  }
  std::string nlm_grace_file() const { return node.host().proc + "/sys/fs/nfs/nlm_grace_period"; }
  std::string nlm_grace() const { return read_whole_file(nlm_grace_file()); }

  // The first COUNT pins (net, uts, mnt) in the node's mount table, as
  // make_namespaces leaves them.
  void pinned(int count) {
    static const char* const kPins[] = {"net", "uts", "mnt"};
    for (int i = 0; i < count; ++i) {
      FakeNode::write(pins + "/" + kPins[i], "");
      FakeNode::write(node.host().proc + "/self/mountinfo",
                      read_whole_file(node.host().proc + "/self/mountinfo") + std::to_string(613 + i) + " 612 0:4 " +
                          kPins[i] + ":[40265322" + std::to_string(81 - i) + "] " + pins + "/" + kPins[i] +
                          " rw - nsfs nsfs rw\n");
    }
  }
  // A process in the service's network namespace (the net pin's inode).
  void runs_inside(int pid, const std::string& comm) {
    struct stat st {};
    ASSERT_EQ(::stat((pins + "/net").c_str(), &st), 0) << "pin net first";
    const std::string dir = node.host().proc + "/" + std::to_string(pid);
    FakeNode::write(dir + "/comm", comm + "\n");
    FakeNode::write(dir + "/stat", std::to_string(pid) + " (" + comm + ") S 1 " + std::to_string(pid) +
                                       " 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0 0\n");
    fs::create_directories(dir + "/ns");
    fs::create_symlink("net:[" + std::to_string(st.st_ino) + "]", dir + "/ns/net");
  }
  void daemons_run(const std::vector<std::string>& comms = {"rpcbind", "rpc.statd", "nfsdcld", "rpc.mountd"}) {
    int pid = 5000001;
    for (const auto& comm : comms) runs_inside(pid++, comm);
  }
  void threads_are(int threads) {
    node.commands.on({"cat", "/proc/fs/nfsd/threads"}, exited(0, std::to_string(threads) + "\n"));
  }
  // A service that serves: all of it there.
  void serving() {
    pinned(3);
    daemons_run();
    threads_are(8);
    }
  // Every command a start from nothing runs succeeds.
  void start_commands_succeed(std::string_view inside_mountinfo = kInsideBare) {
    for (const char* program : {"mount", "unshare", "hostname", "mkdir", "rpcbind", "rpc.statd", "nfsdcld",
                                "rpc.mountd", "rpc.nfsd", "sysctl", "ip"})
      node.commands.on({program}, exited(0));
    node.commands.on({"cat", "/proc/self/mountinfo"}, exited(0, std::string(inside_mountinfo)));
  }
  void stop_commands_succeed() {
    node.commands.on({"ip", "link", "del", "dev", "hanfs0"}, exited(0));
    node.commands.on({"rpc.nfsd", "0"}, exited(0));
  }

  // Where ARGV was first run; npos when it was not.
  std::size_t position(const Argv& argv) const {
    const auto& calls = node.commands.calls();
    const auto it = std::find(calls.begin(), calls.end(), argv);
    return it == calls.end() ? std::string::npos : static_cast<std::size_t>(it - calls.begin());
  }
  void expect_in_order(const std::vector<Argv>& argvs) const {
    std::size_t last = 0;
    for (const Argv& argv : argvs) {
      const std::size_t at = position(argv);
      std::string line;
      for (const auto& a : argv) line += a + " ";
      ASSERT_NE(at, std::string::npos) << "not run: " << line;
      EXPECT_GE(at, last) << "out of order: " << line;
      last = at;
    }
  }
  // Commands that change something (not a read of the kernel's state).
  std::vector<Argv> changes() const {
    std::vector<Argv> found;
    for (const Argv& c : node.commands.calls()) {
      const bool read = (c.size() >= 2 && c[0] == "cat") ||
                        (c.size() >= 3 && c[0] == "ip" && c[1] == "-o" &&
                         (c[2] == "-4" ? c.size() >= 4 && (c[3] == "addr" || c[3] == "route") : c[2] == "route" || c[2] == "link"));
      if (!read) found.push_back(c);
    }
    return found;
  }
  static void skip_unless_root() {
    if (::geteuid() != 0) GTEST_SKIP() << "remove_pins unmounts the pins: needs root";
  }

  FakeNode node;
  const std::string srv = node.root() + "/srv/nfs-a";   // the service's filesystem
  const std::string state_dir = srv + "/.nfs/var-lib-nfs";
  const std::string pins = node.host().run_dir + "/hanfs/nfs-a";
  const std::string bin = node.root() + "/bin";
  // check_node looks for these in PATH; what they do is scripted.
  const hanfs::testing::ProgramsInPath programs{bin, {"unshare", "mount", "hostname", "ip", "sysctl", "rpcbind",
                                                      "rpc.statd", "nfsdcld", "rpc.mountd", "rpc.nfsd"}};
};

// ---- monitor ----

TEST_F(NfsServerActions, ProbeWithNoPinsIsNotRunningAndReadsNothingInside) {
  const auto r = node.probe(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsServerActions, MonitorWithAllOfItThereIsRunning) {
  serving();
  const auto r = node.monitor(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(changes().empty());
}

TEST_F(NfsServerActions, MonitorWithOneOrTwoPinsIsFailedSayingHowManyAreThere) {
  for (int count : {1, 2}) {
    FakeNode::write(node.host().proc + "/self/mountinfo", "1 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    pinned(count);
    const auto r = node.monitor(hanfs::nfs_server::definition(), params());
    EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
    EXPECT_NE(r.reason.find(std::to_string(count) + " of 3 pinned"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("nfs-a"), std::string::npos) << r.reason;
  }
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsServerActions, MonitorWithMountdGoneIsFailedAndNamesIt) {
  pinned(3);
  daemons_run({"rpcbind", "rpc.statd", "nfsdcld"});
  threads_are(8);
  const auto r = node.monitor(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("rpc.mountd is not running"), std::string::npos) << r.reason;
}

TEST_F(NfsServerActions, MonitorWithNfsdcldGoneIsFailedAndNamesIt) {
  pinned(3);
  daemons_run({"rpcbind", "rpc.statd", "rpc.mountd"});
  threads_are(8);
  const auto r = node.monitor(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("nfsdcld is not running"), std::string::npos) << r.reason;
}

TEST_F(NfsServerActions, MonitorCountsOnlyDaemonsInTheServicesNetworkNamespace) {
  pinned(3);
  daemons_run({"rpcbind", "rpc.statd", "nfsdcld"});
  // The node's own mountd, in the node's namespace.
  const std::string dir = node.host().proc + "/5000099";
  FakeNode::write(dir + "/comm", "rpc.mountd\n");
  FakeNode::write(dir + "/stat", "5000099 (rpc.mountd) S 1 5000099 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0\n");
  fs::create_directories(dir + "/ns");
  fs::create_symlink("net:[4026531840]", dir + "/ns/net");
  threads_are(8);
  const auto r = node.monitor(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("rpc.mountd"), std::string::npos) << r.reason;
}

TEST_F(NfsServerActions, MonitorWithNoNfsdThreadsIsFailed) {
  pinned(3);
  daemons_run();
  threads_are(0);
  const auto r = node.monitor(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("no nfsd threads"), std::string::npos) << r.reason;
}

TEST_F(NfsServerActions, MonitorWithTheThreadsUnreadableWhileDaemonsRunIsFailed) {
  pinned(3);
  daemons_run();
  node.commands.on({"cat", "/proc/fs/nfsd/threads"},
                   exited(1, "", "cat: /proc/fs/nfsd/threads: No such file or directory\n"));
  const auto r = node.monitor(hanfs::nfs_server::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("nfsd threads"), std::string::npos) << r.reason;
}

TEST_F(NfsServerActions, MonitorWithABrokenConfigurationIsNotConfigured) {
  serving();
  auto p = params();
  p["threads"] = "0";
  const auto r = node.monitor(hanfs::nfs_server::definition(), p);
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("threads"), std::string::npos) << r.reason;
}

// ---- start ----

TEST_F(NfsServerActions, StartFromNothingMakesNamespacesThenInsideThenDaemonsThenThreadsAndBringsUpNoAddress) {
  start_commands_succeed();
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  const std::string top = node.host().run_dir + "/hanfs";
  expect_in_order({
      {"mount", "--bind", top, top},
      {"mount", "--make-private", top},
      {"unshare", "--net=" + pins + "/net", "--uts=" + pins + "/uts", "--mount=" + pins + "/mnt", "--propagation",
       "slave", "true"},
      {"hostname", "nfs-a"},
      {"ip", "link", "set", "dev", "lo", "up"},
      {"mount", "--bind", state_dir, "/var/lib/nfs"},
      {"mount", "-t", "tmpfs", "-o", "mode=0755,size=16m", "hanfs-nfs-a", "/run"},
      {"mount", "-t", "rpc_pipefs", "hanfs-nfs-a", "/run/rpc_pipefs"},
      {"mount", "-t", "nfsd", "hanfs-nfs-a", "/proc/fs/nfsd"},
      {"mount", "--bind", "-o", "ro", "/proc/sys/fs/nfs/nlm_grace_period", "/proc/sys/fs/nfs/nlm_grace_period"},
      {"rpcbind", "-w"},
      {"rpc.statd", "--no-notify"},
      {"nfsdcld"},
      {"rpc.mountd"},
      {"rpc.nfsd", "--lease-time", "90", "--grace-time", "90", "8"},
  });
  EXPECT_FALSE(node.commands.called({"ip", "link", "add"}));   // nfs-address's, after the exports
  EXPECT_FALSE(node.commands.called({"ip", "addr"}));
}

TEST_F(NfsServerActions, StartPassesTheConfiguredThreadsAndTimesToRpcNfsd) {
  start_commands_succeed();
  auto p = params();
  p["threads"] = "32";
  p["lease_time"] = "45";
  p["grace_time"] = "120";
  const auto r = node.run(hanfs::nfs_server::definition(), "start", p);
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(node.commands.calls_of({"rpc.nfsd"}),
            (std::vector<Argv>{{"rpc.nfsd", "--lease-time", "45", "--grace-time", "120", "32"}}));
}

TEST_F(NfsServerActions, StartMakesTheStateDirectoryLayoutOnTheServiceFilesystem) {
  start_commands_succeed();
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  for (const char* sub : {"/sm", "/sm.bak", "/nfsdcld", "/v4recovery", "/etab", "/rmtab"})
    EXPECT_TRUE(fs::exists(state_dir + sub)) << sub;
}

TEST_F(NfsServerActions, StartWithNoNfsv3ClientsInSmGivesLockdTheShortestGrace) {
  start_commands_succeed();
  fs::create_directories(state_dir + "/sm");
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(nlm_grace(), "10\n");
}

TEST_F(NfsServerActions, StartWithAnNfsv3ClientInSmGivesLockdNlmGraceTime) {
  start_commands_succeed();
  FakeNode::write(state_dir + "/sm/client1.example.com", "0100007f 000186b5 00000004 00000010\n");
  auto p = params();
  p["nlm_grace_time"] = "45";
  const auto r = node.run(hanfs::nfs_server::definition(), "start", p);
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(nlm_grace(), "45\n");
}

TEST_F(NfsServerActions, StartOfAServiceAlreadyServingSucceedsAndChangesNothing) {
  serving();
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(changes().empty()) << changes().size() << " changes, first: " << changes().front().front();
  EXPECT_EQ(nlm_grace(), "90\n");
}

TEST_F(NfsServerActions, StartWithOneDaemonGoneStartsOnlyThatOne) {
  start_commands_succeed(inside_set_up(srv));
  pinned(3);
  daemons_run({"rpcbind", "rpc.statd", "nfsdcld"});
  threads_are(8);
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.called({"rpc.mountd"}));
  for (const char* other : {"rpcbind", "rpc.statd", "nfsdcld", "rpc.nfsd", "unshare"})
    EXPECT_FALSE(node.commands.called({other})) << other;
}

TEST_F(NfsServerActions, StartWithAFailingRpcNfsdFailsSayingWhy) {
  start_commands_succeed();
  node.commands.on({"rpc.nfsd"}, exited(1, "", "rpc.nfsd: writing fd to kernel failed: errno 111 (Connection refused)\n"));
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  EXPECT_NE(r.status, OcfStatus::success);
  EXPECT_NE(r.reason.find("rpc.nfsd"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("Connection refused"), std::string::npos) << r.reason;
}

TEST_F(NfsServerActions, StartWithADaemonThatWillNotStartStartsNoThreads) {
  start_commands_succeed();
  node.commands.on({"rpc.mountd"}, exited(1, "", "rpc.mountd: could not bind to port\n"));
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  EXPECT_NE(r.status, OcfStatus::success);
  EXPECT_NE(r.reason.find("rpc.mountd"), std::string::npos) << r.reason;
  EXPECT_FALSE(node.commands.called({"rpc.nfsd"}));
}

TEST_F(NfsServerActions, StartWithTheStateDirOnTheRootFilesystemIsRefusedBeforeAnyNamespace) {
  start_commands_succeed();
  node.mount_table({});   // the service's filesystem is not mounted: srv is a directory of /
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("root filesystem"), std::string::npos) << r.reason;
  EXPECT_FALSE(node.commands.called({"unshare"}));
  EXPECT_FALSE(fs::exists(state_dir));
}

TEST_F(NfsServerActions, StartOfHalfMadeNamespacesRemovesTheirPinsAndMakesThemAnew) {
  skip_unless_root();
  start_commands_succeed();
  pinned(2);
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.called({"unshare"}));
  EXPECT_TRUE(node.commands.called({"rpc.nfsd", "--lease-time"}));
}

TEST_F(NfsServerActions, StartWithoutTheKernelNfsServerIsNotInstalledAndRunsNothing) {
  fs::remove_all(node.host().proc + "/fs/nfsd");
  const auto r = node.run(hanfs::nfs_server::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::err_installed) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

// ---- stop ----

TEST_F(NfsServerActions, StopWithNothingThereSucceedsAndRunsNothing) {
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsServerActions, StopTakesTheAddressDownIfStillUpBeforeTheThreadsAndRemovesThePins) {
  skip_unless_root();
  pinned(3);
  stop_commands_succeed();
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(node.commands.calls(), (std::vector<Argv>{{"ip", "link", "del", "dev", "hanfs0"}, {"rpc.nfsd", "0"}}));
  EXPECT_FALSE(fs::exists(pins));
}

TEST_F(NfsServerActions, StopWithTheInterfaceAlreadyGoneStillStopsTheThreads) {
  skip_unless_root();
  pinned(3);
  stop_commands_succeed();
  node.commands.on({"ip", "link", "del", "dev", "hanfs0"}, exited(1, "", "Cannot find device \"hanfs0\"\n"));
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.called({"rpc.nfsd", "0"}));
}

TEST_F(NfsServerActions, StopWithThreadsThatWillNotStopFailsAtTheEndButStillRemovesThePins) {
  skip_unless_root();
  pinned(3);
  stop_commands_succeed();
  node.commands.on({"rpc.nfsd", "0"}, exited(1, "", "rpc.nfsd: unable to set threads: Device or resource busy\n"));
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("Device or resource busy"), std::string::npos) << r.reason;
  EXPECT_TRUE(node.commands.called({"ip", "link", "del", "dev", "hanfs0"}));
  EXPECT_FALSE(fs::exists(pins));
}

TEST_F(NfsServerActions, StopOfHalfMadeNamespacesRemovesThePinsWithoutAddressOrThreads) {
  skip_unless_root();
  pinned(1);
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
  EXPECT_FALSE(fs::exists(pins));
}

TEST_F(NfsServerActions, StopWithABrokenConfigurationStillStopsTheNamedService) {
  skip_unless_root();
  pinned(3);
  stop_commands_succeed();
  auto p = params();
  p["ip"] = "not-an-address";
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", p);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.called({"rpc.nfsd", "0"}));
  EXPECT_FALSE(fs::exists(pins));
}

// lockd's shutdown, the service's locks released first, unmonitors its
// clients and statd deletes their records: the stop keeps them.
TEST_F(NfsServerActions, StopReleasesTheLocksThroughTheServiceAddressBeforeTheThreadsAndKeepsTheNsmRecords) {
  skip_unless_root();
  pinned(3);
  daemons_run({"rpc.mountd"});
  fs::create_directory_symlink(node.root(), node.host().proc + "/5000001/root");
  stop_commands_succeed();
  const std::string unlock = node.host().proc + "/fs/nfsd/unlock_ip";
  FakeNode::write(unlock, "");
  const std::string record = state_dir + "/sm/198.51.100.7";
  FakeNode::write(record, "0100007f 000186b5 00000003 00000010 x 198.51.100.7 vm\n");
  bool unlocked_before_threads = false;
  node.commands.on({"rpc.nfsd", "0"}, [&](const Argv&) {
    unlocked_before_threads = read_whole_file(unlock) == "192.0.2.50\n";
    fs::remove(record);   // statd, told by lockd to forget the client
    // The fake /proc cannot see a signal: its daemon is gone by now.
    fs::remove_all(node.host().proc + "/5000001");
    return exited(0);
  });
  const auto r = node.run(hanfs::nfs_server::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(unlocked_before_threads);
  EXPECT_TRUE(fs::exists(record));
  EXPECT_FALSE(fs::exists(state_dir + "/sm.stop"));
}

}  // namespace
