// A service's NFS server inside its namespaces: the pure checks (server
// scope, daemons, the mounts inside), its state directory's layout on a
// temporary tree, and the commands run inside through a scripted runner
// (fake_node.h).
#include "common/nfs/service_server.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/nfs/statd_state.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/metadata_files.h"

namespace hanfs {
namespace {

namespace fs = std::filesystem;
using testing::exited;
using testing::FakeNode;

const ServiceServer kServer{.name = "nfs-a", .pins = "/run/hanfs/nfs-a", .state_dir = "/srv/nfs-a/.nfs/var-lib-nfs"};

// The root of a Debian node's mount table, as a namespace made from it
// shows it (unshare --propagation slave: "master:N").
constexpr std::string_view kNamespaceRoot =
    "401 400 254:1 / / rw,relatime master:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
    "402 401 0:22 / /sys rw,nosuid,nodev,noexec,relatime master:2 - sysfs sysfs rw\n"
    "403 401 0:23 / /proc rw,nosuid,nodev,noexec,relatime master:12 - proc proc rw\n"
    "404 401 0:5 / /dev rw,nosuid,relatime master:8 - devtmpfs udev rw,size=989012k,nr_inodes=247253,mode=755\n"
    "410 401 253:3 / /srv/nfs-a rw,relatime master:40 - xfs /dev/mapper/vg_nfs_a-data rw,attr2,inode64\n";
// What set_up_inside leaves: the state directory over /var/lib/nfs, the
// service's /run with its rpc_pipefs, its nfsd filesystem.
constexpr std::string_view kServiceMounts =
    "420 401 253:3 /.nfs/var-lib-nfs /var/lib/nfs rw,relatime master:40 - xfs /dev/mapper/vg_nfs_a-data rw\n"
    "421 401 0:61 / /run rw,relatime - tmpfs hanfs-nfs-a rw,size=16384k,mode=755\n"
    "422 421 0:62 / /run/rpc_pipefs rw,relatime - rpc_pipefs hanfs-nfs-a rw\n"
    "423 403 0:63 / /proc/fs/nfsd rw,relatime - nfsd hanfs-nfs-a rw\n"
    "424 403 0:23 /sys/fs/nfs/nlm_grace_period /proc/sys/fs/nfs/nlm_grace_period ro,nosuid,nodev,noexec,relatime "
    "master:12 - proc proc rw\n";
constexpr const char* kNlm = "/proc/sys/fs/nfs/nlm_grace_period";

std::vector<std::string> mount_points(const std::vector<InsideMount>& mounts) {
  std::vector<std::string> points;
  for (const auto& m : mounts) points.push_back(m.mount_point);
  return points;
}

std::vector<NetMember> members(std::initializer_list<const char*> comms) {
  std::vector<NetMember> found;
  int pid = 5000001;
  for (const char* comm : comms) found.push_back({{pid++, 100}, comm});
  return found;
}

TEST(ValidServerScope, TakesHostNamesOfAtMost64OfLettersDigitsDotDashUnderscore) {
  for (const std::string& good : {std::string("nfs-a"), std::string("nfs_a.example.com"), std::string("A1"),
                                  std::string(64, 'x')})
    EXPECT_TRUE(valid_server_scope(good)) << good;
}

TEST(ValidServerScope, RefusesWhatNfsdOrAPathCannotTake) {
  for (const std::string& bad : {std::string(), std::string(65, 'x'), std::string("-nfs"), std::string("nfs a"),
                                 std::string("nfs/a"), std::string("../etc"), std::string("nfs\n"),
                                 std::string("nfs;reboot"), std::string("$(id)"), std::string("n\xc3\xa9")})
    EXPECT_FALSE(valid_server_scope(bad)) << bad;
}

TEST(MissingDaemons, AreTheServiceDaemonsNotAmongTheMembersInStartOrder) {
  EXPECT_EQ(missing_daemons({}), (std::vector<std::string>{"rpcbind", "rpc.statd", "nfsdcld", "rpc.mountd"}));
  EXPECT_EQ(missing_daemons(members({"rpc.mountd", "sh", "rpcbind"})),
            (std::vector<std::string>{"rpc.statd", "nfsdcld"}));
  EXPECT_TRUE(missing_daemons(members({"rpcbind", "rpc.statd", "nfsdcld", "rpc.mountd"})).empty());
}

TEST(MissingDaemons, ANameThatOnlyStartsLikeADaemonIsNotIt) {
  EXPECT_EQ(missing_daemons(members({"rpcbind-x", "rpc.statd", "nfsdcld", "rpc.mountd"})),
            (std::vector<std::string>{"rpcbind"}));
}

TEST(InsideMountsMissing, NothingMountedWantsAllFiveInOrderWithTheirCommands) {
  const auto missing = inside_mounts_missing(kNamespaceRoot, kServer);
  ASSERT_EQ(missing.size(), 5u);
  EXPECT_EQ(missing[0].mount_point, "/var/lib/nfs");
  EXPECT_EQ(missing[0].argv, (std::vector<std::string>{"mount", "--bind", kServer.state_dir, "/var/lib/nfs"}));
  EXPECT_EQ(missing[1].mount_point, "/run");
  EXPECT_EQ(missing[1].argv,
            (std::vector<std::string>{"mount", "-t", "tmpfs", "-o", "mode=0755,size=16m", "hanfs-nfs-a", "/run"}));
  EXPECT_EQ(missing[2].argv, (std::vector<std::string>{"mount", "-t", "rpc_pipefs", "hanfs-nfs-a", "/run/rpc_pipefs"}));
  EXPECT_EQ(missing[3].argv, (std::vector<std::string>{"mount", "-t", "nfsd", "hanfs-nfs-a", "/proc/fs/nfsd"}));
  // rpc.nfsd --grace-time would write lockd's grace over start_threads's.
  EXPECT_EQ(missing[4].argv, (std::vector<std::string>{"mount", "--bind", "-o", "ro", kNlm, kNlm}));
}

TEST(InsideMountsMissing, LockdsGraceBoundButStillWritableIsStillWanted) {
  // A start killed between mount's bind and its read-only remount.
  const std::string writable = std::string(kNamespaceRoot) + std::string(kServiceMounts).substr(
      0, std::string(kServiceMounts).find("424 ")) +
      "424 403 0:23 /sys/fs/nfs/nlm_grace_period /proc/sys/fs/nfs/nlm_grace_period rw,relatime - proc proc rw\n";
  EXPECT_EQ(mount_points(inside_mounts_missing(writable, kServer)), (std::vector<std::string>{kNlm}));
}

TEST(InsideMountsMissing, AllMountedWantsNone) {
  EXPECT_TRUE(inside_mounts_missing(std::string(kNamespaceRoot) + std::string(kServiceMounts), kServer).empty());
}

TEST(InsideMountsMissing, ASetUpCutShortWantsOnlyWhatIsLeft) {
  const std::string mounted = std::string(kNamespaceRoot) +
      "420 401 253:3 /.nfs/var-lib-nfs /var/lib/nfs rw,relatime master:40 - xfs /dev/mapper/vg_nfs_a-data rw\n"
      "421 401 0:61 / /run rw,relatime - tmpfs hanfs-nfs-a rw,size=16384k,mode=755\n";
  EXPECT_EQ(mount_points(inside_mounts_missing(mounted, kServer)),
            (std::vector<std::string>{"/run/rpc_pipefs", "/proc/fs/nfsd", kNlm}));
}

// A new mount namespace starts as a copy of the node's: on a systemd node
// /run is a tmpfs, and with nfs-common and nfs-kernel-server /run/rpc_pipefs
// and /proc/fs/nfsd are mounted too. Those are the node's, not the service's.
TEST(InsideMountsMissing, TheNodesOwnRunPipefsAndNfsdCopiedIntoTheNamespaceAreStillWanted) {
  const std::string fresh = std::string(kNamespaceRoot) +
      "405 401 0:25 / /run rw,nosuid,nodev,noexec,relatime master:5 - tmpfs tmpfs rw,size=401604k,mode=755\n"
      "406 405 0:40 / /run/rpc_pipefs rw,relatime master:30 - rpc_pipefs sunrpc rw\n"
      "407 403 0:45 / /proc/fs/nfsd rw,relatime master:33 - nfsd nfsd rw\n";
  EXPECT_EQ(mount_points(inside_mounts_missing(fresh, kServer)),
            (std::vector<std::string>{"/var/lib/nfs", "/run", "/run/rpc_pipefs", "/proc/fs/nfsd", kNlm}));
}

TEST(InsideMountsMissing, VarLibNfsBoundFromElsewhereIsNotTheStateDirAndIsStillWanted) {
  const std::string node_var_lib_nfs = std::string(kNamespaceRoot) +
      "408 401 254:2 /nfs /var/lib/nfs rw,relatime master:6 - ext4 /dev/vdb1 rw\n"
      "421 401 0:61 / /run rw,relatime - tmpfs hanfs-nfs-a rw,size=16384k,mode=755\n"
      "422 421 0:62 / /run/rpc_pipefs rw,relatime - rpc_pipefs hanfs-nfs-a rw\n"
      "423 403 0:63 / /proc/fs/nfsd rw,relatime - nfsd hanfs-nfs-a rw\n";
  EXPECT_EQ(mount_points(inside_mounts_missing(node_var_lib_nfs, kServer)),
            (std::vector<std::string>{"/var/lib/nfs", kNlm}));
}

class StateDir : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(node.root() + "/srv/nfs-a/.nfs"); }
  FakeNode node;
  ServiceServer server{.name = "nfs-a", .pins = "", .state_dir = node.root() + "/srv/nfs-a/.nfs/var-lib-nfs"};
  Deadline deadline{std::chrono::seconds(5)};
};

TEST_F(StateDir, PrepareMakesTheNfsUtilsLayoutAndSaysNoNfsv3ClientsWhenSmIsEmpty) {
  const auto clients = prepare_state_dir(server, Records::keep, deadline);
  ASSERT_TRUE(clients) << clients.error().reason;
  EXPECT_FALSE(*clients);
  for (const char* sub : {"/sm", "/sm.bak", "/nfsdcld", "/v4recovery"}) {
    EXPECT_TRUE(fs::is_directory(server.state_dir + sub)) << sub;
    EXPECT_EQ(fs::status(server.state_dir + sub).permissions() & fs::perms::all, fs::perms::owner_all) << sub;
  }
  EXPECT_TRUE(fs::is_regular_file(server.state_dir + "/etab"));
  EXPECT_TRUE(fs::is_regular_file(server.state_dir + "/rmtab"));
}

// Another node's statd, run as root, left a record statd here (the statd
// user) could neither rewrite nor delete: lockd then refused the client's
// reclaim ("cannot monitor") after a power cut.
TEST_F(StateDir, PrepareGivesTheDirectoryAndEveryRecordToTheStatdUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "chown needs root";
  const std::string record = server.state_dir + "/sm/client1";
  FakeNode::write(record, "0100007f 000186b5 00000004 00000010 ...\n");
  ASSERT_EQ(::chown(record.c_str(), 54321, 54321), 0);
  const std::string link = server.state_dir + "/sm.bak/elsewhere";
  fs::create_directories(server.state_dir + "/sm.bak");
  fs::create_symlink("/etc/passwd", link);
  ASSERT_TRUE(prepare_state_dir(server, Records::keep, deadline));
  const StatdOwner statd = statd_owner("");
  struct stat st {};
  ASSERT_EQ(::stat(record.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, statd.uid);
  ASSERT_EQ(::stat(server.state_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, statd.uid);
  ASSERT_EQ(::stat("/etc/passwd", &st), 0);
  EXPECT_EQ(st.st_uid, 0u);   // a link is never followed
}

TEST_F(StateDir, PrepareSaysNfsv3ClientsWhenSmHoldsOneAndKeepsWhatIsThere) {
  FakeNode::write(server.state_dir + "/sm/client1.example.com", "0100007f 000186b5 00000004 00000010 ...\n");
  FakeNode::write(server.state_dir + "/etab", "/srv/nfs-a/data\t*(rw,sync)\n");
  const auto clients = prepare_state_dir(server, Records::keep, deadline);
  ASSERT_TRUE(clients) << clients.error().reason;
  EXPECT_TRUE(*clients);
  EXPECT_EQ(read_whole_file(server.state_dir + "/etab"), "/srv/nfs-a/data\t*(rw,sync)\n");
}

TEST_F(StateDir, PrepareWithTheServiceFilesystemAbsentFailsAndMakesNothing) {
  server.state_dir = node.root() + "/srv/nfs-b/.nfs/var-lib-nfs";
  const auto clients = prepare_state_dir(server, Records::keep, deadline);
  ASSERT_FALSE(clients);
  EXPECT_EQ(clients.error().status, OcfStatus::err_generic);
  EXPECT_NE(clients.error().reason.find("is the service's filesystem mounted?"), std::string::npos)
      << clients.error().reason;
  EXPECT_FALSE(fs::exists(server.state_dir));
}

class Inside : public ::testing::Test {
 protected:
  void SetUp() override { node.commands.on({"mkdir"}, exited(0)); }
  ServiceServer server() const { return {.name = "nfs-a", .pins = node.host().run_dir + "/hanfs/nfs-a",
                                         .state_dir = "/srv/nfs-a/.nfs/var-lib-nfs"}; }
  FakeNode node;
  Deadline deadline{std::chrono::seconds(5)};
};

TEST_F(Inside, SetUpNamesTheHostBringsLoUpAndMountsWhatIsMissingRunBeforeWhatGoesInIt) {
  node.commands.on({"hostname"}, exited(0));
  node.commands.on({"ip"}, exited(0));
  node.commands.on({"cat", "/proc/self/mountinfo"}, exited(0, std::string(kNamespaceRoot)));
  node.commands.on({"mount"}, exited(0));
  const auto done = set_up_inside(node.host(), server(), deadline);
  ASSERT_TRUE(done) << done.error().reason;
  const std::vector<std::vector<std::string>> expected{
      {"hostname", "nfs-a"},
      {"ip", "link", "set", "dev", "lo", "up"},
      {"cat", "/proc/self/mountinfo"},
      {"mount", "--bind", "/srv/nfs-a/.nfs/var-lib-nfs", "/var/lib/nfs"},
      {"mount", "-t", "tmpfs", "-o", "mode=0755,size=16m", "hanfs-nfs-a", "/run"},
      {"mkdir", "-p", "/run/rpc_pipefs"},
      {"mount", "-t", "rpc_pipefs", "hanfs-nfs-a", "/run/rpc_pipefs"},
      {"mount", "-t", "nfsd", "hanfs-nfs-a", "/proc/fs/nfsd"},
      {"mount", "--bind", "-o", "ro", kNlm, kNlm}};
  EXPECT_EQ(node.commands.calls(), expected);
}

TEST_F(Inside, SetUpWithAMountRefusedStopsThereNamingTheCommand) {
  node.commands.on({"hostname"}, exited(0));
  node.commands.on({"ip"}, exited(0));
  node.commands.on({"cat", "/proc/self/mountinfo"}, exited(0, std::string(kNamespaceRoot)));
  node.commands.on({"mount"}, exited(0));
  node.commands.on({"mount", "-t", "tmpfs"}, exited(32, "", "mount: /run: permission denied.\n"));
  const auto done = set_up_inside(node.host(), server(), deadline);
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().reason.find("service nfs-a"), std::string::npos) << done.error().reason;
  EXPECT_NE(done.error().reason.find("tmpfs"), std::string::npos) << done.error().reason;
  EXPECT_FALSE(node.commands.called({"mount", "-t", "rpc_pipefs"}));
}

TEST_F(Inside, StartDaemonsStartsOnlyTheMissingOnesInOrderRpcbindWithItsRunDirectory) {
  node.commands.on({"rpcbind"}, exited(0));
  node.commands.on({"rpc.statd"}, exited(0));
  node.commands.on({"nfsdcld"}, exited(0));
  node.commands.on({"rpc.mountd"}, exited(0));
  const auto started = start_daemons(node.host(), server(), {"rpc.mountd", "rpcbind", "nfsdcld"}, deadline);
  ASSERT_TRUE(started) << started.error().reason;
  const std::vector<std::vector<std::string>> expected{
      {"mkdir", "-p", "/run/rpcbind"}, {"rpcbind", "-w"}, {"nfsdcld"}, {"rpc.mountd"}};
  EXPECT_EQ(node.commands.calls(), expected);
}

TEST_F(Inside, StatdStartsWithoutNotifyingNfsNotifyDoesThat) {
  node.commands.on({"rpc.statd"}, exited(0));
  ASSERT_TRUE(start_daemons(node.host(), server(), {"rpc.statd"}, deadline));
  EXPECT_EQ(node.commands.calls(), (std::vector<std::vector<std::string>>{{"rpc.statd", "--no-notify"}}));
}

TEST_F(Inside, ADaemonThatFailsToStartStopsTheRest) {
  node.commands.on({"rpcbind"}, exited(0));
  node.commands.on({"rpc.statd"}, exited(1, "", "rpc.statd: failed to create RPC listeners\n"));
  const auto started = start_daemons(node.host(), server(), missing_daemons({}), deadline);
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().reason.find("failed to create RPC listeners"), std::string::npos) << started.error().reason;
  EXPECT_FALSE(node.commands.called({"nfsdcld"}));
}

TEST_F(Inside, ReadThreadsIsTheNumberInNfsdsThreadsFile) {
  node.commands.on({"cat", "/proc/fs/nfsd/threads"}, exited(0, "8\n"));
  const auto threads = read_threads(node.host(), server(), deadline);
  ASSERT_TRUE(threads) << threads.error().reason;
  EXPECT_EQ(*threads, 8);
}

TEST_F(Inside, ReadThreadsFailsWhenNfsdsFilesystemIsNotThereOrSaysNonsense) {
  node.commands.on({"cat", "/proc/fs/nfsd/threads"},
                   exited(1, "", "cat: /proc/fs/nfsd/threads: No such file or directory\n"));
  auto threads = read_threads(node.host(), server(), deadline);
  ASSERT_FALSE(threads);
  EXPECT_EQ(threads.error().status, OcfStatus::err_generic);
  EXPECT_NE(threads.error().reason.find("No such file"), std::string::npos) << threads.error().reason;
  for (const char* nonsense : {"", "eight\n", "-1\n"}) {
    node.commands.on({"cat", "/proc/fs/nfsd/threads"}, exited(0, nonsense));
    EXPECT_FALSE(read_threads(node.host(), server(), deadline)) << nonsense;
  }
}

TEST_F(Inside, StartThreadsSetsLockdsGraceThenRunsRpcNfsdWithTheTimes) {
  const std::string sysctl = node.host().proc + "/sys/fs/nfs/nlm_grace_period";
  FakeNode::write(sysctl, "0\n");
  node.commands.on({"rpc.nfsd"}, [&](const std::vector<std::string>&) {
    // lockd reads its grace when the threads start: it is set by then.
    EXPECT_EQ(read_whole_file(sysctl), "25\n");
    return exited(0);
  });
  const auto started = start_threads(node.host(), server(),
                                     {.threads = 16, .lease_time = 45, .grace_time = 60, .nlm_grace_seconds = 25},
                                     deadline);
  ASSERT_TRUE(started) << started.error().reason;
  EXPECT_EQ(node.commands.calls(), (std::vector<std::vector<std::string>>{
                                       {"rpc.nfsd", "--lease-time", "45", "--grace-time", "60", "16"}}));
}

TEST_F(Inside, StartThreadsWithoutLockdsSysctlFailsAndStartsNoThreads) {
  const auto started = start_threads(node.host(), server(), {}, deadline);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().status, OcfStatus::err_generic);
  EXPECT_NE(started.error().reason.find("nlm_grace_period"), std::string::npos) << started.error().reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(Inside, StopThreadsIsRpcNfsdZeroAndItsFailureIsReported) {
  node.commands.on({"rpc.nfsd", "0"}, exited(1, "", "rpc.nfsd: unable to set threads: Device or resource busy\n"));
  const auto stopped = stop_threads(node.host(), server(), deadline);
  ASSERT_FALSE(stopped);
  EXPECT_NE(stopped.error().reason.find("Device or resource busy"), std::string::npos) << stopped.error().reason;
  EXPECT_EQ(node.commands.calls(), (std::vector<std::vector<std::string>>{{"rpc.nfsd", "0"}}));
}


// service_host: the node as seen from inside a service, for nfs-export-fsid
// service=. Its files through a daemon of the service, its commands inside.
class ServiceHost : public ::testing::Test {
 protected:
  ServiceHost() {
    node.mount_table({});
    base = node.host();
    base.run = [this](const std::vector<std::string>& argv, const Deadline&, const CommandOptions& options) {
      ran.push_back({argv.front(), options.namespace_dir});
      return exited(0);
    };
  }
  FakeNode node;
  Host base;
  std::vector<std::pair<std::string, std::string>> ran;   // program, namespace_dir
};

TEST_F(ServiceHost, WithoutPinsTheServiceIsNotRunningHere) {
  auto inside = service_host(base, "nfs-a");
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().status, OcfStatus::not_running);
  EXPECT_NE(inside.error().reason.find(node.host().run_dir + "/hanfs/nfs-a"), std::string::npos);
}

TEST_F(ServiceHost, PinsWithNoProcessInTheNetAreAnErrorNotNotRunning) {
  node.pin_service("nfs-a");
  node.process(5000001, "sshd", "net:[4026531840]");   // the node's
  auto inside = service_host(base, "nfs-a");
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().status, OcfStatus::err_generic);
}

TEST_F(ServiceHost, ReadsThroughMountdsRootAndNetAndRunsCommandsInsideThePins) {
  const std::string net = node.pin_service("nfs-a");
  node.process(5000001, "rpcbind", net);
  node.process(5000002, "rpc.mountd", net);
  auto inside = service_host(base, "nfs-a");
  ASSERT_TRUE(inside) << inside.error().reason;
  const std::string mountd = node.host().proc + "/5000002";
  EXPECT_EQ(inside->var_lib_nfs, mountd + "/root/var/lib/nfs");
  EXPECT_EQ(inside->nfsd_fs, mountd + "/root/proc/fs/nfsd");
  EXPECT_EQ(inside->proc_net, mountd + "/net");
  EXPECT_EQ(inside->proc, node.host().proc);   // the node's mount table, for the exported directories
  inside->run({"exportfs", "-v"}, Deadline(std::chrono::seconds(1)), {});
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(ran[0], (std::pair<std::string, std::string>{"exportfs", node.host().run_dir + "/hanfs/nfs-a"}));
}

TEST_F(ServiceHost, WithoutMountdAnotherDaemonOfTheServiceGivesTheView) {
  node.process(5000003, "rpc.statd", node.pin_service("nfs-a"));
  auto inside = service_host(base, "nfs-a");
  ASSERT_TRUE(inside) << inside.error().reason;
  EXPECT_EQ(inside->var_lib_nfs, node.host().proc + "/5000003/root/var/lib/nfs");
}

TEST_F(ServiceHost, AnotherServicesPinsAreNotThisOnes) {
  node.process(5000002, "rpc.mountd", node.pin_service("nfs-b"));
  auto inside = service_host(base, "nfs-a");
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().status, OcfStatus::not_running);
}

TEST_F(ServiceHost, ProgramsLeftRunningStartInsideTheServicesPinsToo) {
  node.process(5000002, "rpc.mountd", node.pin_service("nfs-a"));
  auto inside = service_host(base, "nfs-a");
  ASSERT_TRUE(inside) << inside.error().reason;
  EXPECT_EQ(inside->namespace_dir, node.host().run_dir + "/hanfs/nfs-a");
  EXPECT_EQ(base.namespace_dir, "");
}

TEST(InsidePath, APathBelowADaemonsVarLibNfsIsNamedAsTheServiceSeesIt) {
  Host inside;
  inside.var_lib_nfs = "/proc/42/root/var/lib/nfs";
  inside.namespace_dir = "/run/hanfs/nfs-a";
  EXPECT_EQ(inside_path(inside, "/proc/42/root/var/lib/nfs/nfs-notify/rsc/a"), "/var/lib/nfs/nfs-notify/rsc/a");
  EXPECT_EQ(inside_path(inside, "/proc/42/root/var/lib/nfs"), "/var/lib/nfs");
  EXPECT_EQ(inside_path(inside, "/proc/42/root/var/lib/nfsX/a"), "/proc/42/root/var/lib/nfsX/a");
  EXPECT_EQ(inside_path(inside, "/srv/a/statd"), "/srv/a/statd");
}

TEST(InsidePath, OnTheNodeEveryPathStaysAsItIs) {
  const Host node;
  EXPECT_EQ(inside_path(node, "/var/lib/nfs/nfs-notify/rsc/a"), "/var/lib/nfs/nfs-notify/rsc/a");
}

TEST(ParseServiceName, TrimsItAndTakesNoneAsTheNodesServer) {
  EXPECT_EQ(*parse_service_name("  nfs-a "), "nfs-a");
  EXPECT_EQ(*parse_service_name(""), "");
}

TEST(ParseServiceName, ANameNoNfsServerCanHaveIsAConfigurationErrorNamingTheRule) {
  for (const char* bad : {"../x", ".", "-a", "a b", "a/b"}) {
    auto parsed = parse_service_name(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().status, OcfStatus::err_configured) << bad;
    EXPECT_NE(parsed.error().reason.find(std::string(kServerScopeRule)), std::string::npos) << parsed.error().reason;
  }
}

// A stop's NSM records, kept through lockd's shutdown (statd deletes them
// when lockd unmonitors its clients) and put back.
class RecordsAside : public ::testing::Test {
 protected:
  RecordsAside() { fs::create_directories(server.state_dir + "/sm"); }
  void record(const std::string& sub, const std::string& client) const {
    FakeNode::write(server.state_dir + "/" + sub + "/" + client, "0100007f 000186b5 00000003 00000010 x 198.51.100.7 vm\n");
  }
  bool has(const std::string& sub, const std::string& client) const {
    return fs::exists(server.state_dir + "/" + sub + "/" + client);
  }
  FakeNode node;
  ServiceServer server{.name = "nfs-a", .pins = "", .state_dir = node.root() + "/srv/nfs-a/.nfs"};
  const Deadline deadline{std::chrono::seconds(5)};
};

TEST_F(RecordsAside, RecordsStatdDeletesAfterTheyWereSetAsideComeBackAndTheCopyGoes) {
  record("sm", "198.51.100.7");
  ASSERT_TRUE(set_records_aside(server, deadline));
  EXPECT_TRUE(has(std::string(kRecordsAside), "198.51.100.7"));
  fs::remove(server.state_dir + "/sm/198.51.100.7");   // statd, told to forget the client
  ASSERT_TRUE(put_records_back(server, deadline));
  EXPECT_TRUE(has("sm", "198.51.100.7"));
  EXPECT_FALSE(fs::exists(server.state_dir + "/" + std::string(kRecordsAside)));
}

TEST_F(RecordsAside, WithNoClientNothingIsSetAside) {
  ASSERT_TRUE(set_records_aside(server, deadline));
  EXPECT_FALSE(fs::exists(server.state_dir + "/" + std::string(kRecordsAside)));
  ASSERT_TRUE(put_records_back(server, deadline));
}

// The statd that starts next knows no client: each one's reclaim writes
// its record anew in sm, which is how nfs-notify sees who has reclaimed.
TEST_F(RecordsAside, AStartWhoseStatdStartsRetiresTheRecordsIntoSmBakAndSaysClients) {
  record("sm", "198.51.100.7");
  auto clients = prepare_state_dir(server, Records::retire, deadline);
  ASSERT_TRUE(clients) << clients.error().reason;
  EXPECT_TRUE(*clients);
  EXPECT_FALSE(has("sm", "198.51.100.7"));
  EXPECT_TRUE(has("sm.bak", "198.51.100.7"));
}

TEST_F(RecordsAside, RecordsLeftInSmBakByAnEarlierTakeoverStillCountAsClients) {
  record("sm.bak", "198.51.100.7");
  auto clients = prepare_state_dir(server, Records::retire, deadline);
  ASSERT_TRUE(clients) << clients.error().reason;
  EXPECT_TRUE(*clients);
  EXPECT_TRUE(has("sm.bak", "198.51.100.7"));
}

TEST_F(RecordsAside, AStartWhoseStatdRunsAlreadyKeepsTheRecordsInSm) {
  record("sm", "198.51.100.7");
  auto clients = prepare_state_dir(server, Records::keep, deadline);
  ASSERT_TRUE(clients) << clients.error().reason;
  EXPECT_TRUE(*clients);
  EXPECT_TRUE(has("sm", "198.51.100.7"));
  EXPECT_FALSE(has("sm.bak", "198.51.100.7"));
}

TEST_F(RecordsAside, TheNextStartPutsBackWhatAStopKilledHalfWayLeftAside) {
  record(std::string(kRecordsAside), "198.51.100.7");
  auto clients = prepare_state_dir(server, Records::keep, deadline);
  ASSERT_TRUE(clients) << clients.error().reason;
  EXPECT_TRUE(*clients);   // lockd's grace is for the client that will reclaim
  EXPECT_TRUE(has("sm", "198.51.100.7"));
  EXPECT_FALSE(fs::exists(server.state_dir + "/" + std::string(kRecordsAside)));
}

}  // namespace
}  // namespace hanfs
