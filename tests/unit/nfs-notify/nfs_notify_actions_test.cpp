// nfs-notify's actions on a fake node (tests/unit/fake_node.h): what each
// decides from the state it finds. sm-notify is not part of the Host (start
// launches it detached): a stand-in script first in PATH records how it was
// called and then waits, or reports and ends, as the real one would.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "agents/nfs-notify/actions.h"
#include "common/ocf/state_file.h"
#include "common/sys/detached.h"
#include "common/sys/proc_stat.h"
#include "tests/unit/fake_node.h"
#include "tests/unit/metadata_files.h"
#include "tests/unit/statd_state_captures.h"

namespace {

namespace fs = std::filesystem;
using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::testing::exited;
using hanfs::testing::FakeNode;

std::vector<std::string> file_names(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The stand-in sm-notify: appends its arguments to `calls`, then runs `then`
// (shell, with $copy the -P directory).
std::string fake_sm_notify(const std::string& calls, const std::string& then) {
  return "#!/bin/sh\n"
         "echo \"$@\" >> '" + calls + "'\n"
         "copy=\n"
         "while [ $# -gt 0 ]; do [ \"$1\" = -P ] && copy=$2; shift; done\n" +
         then + "\n";
}

class NfsNotifyActions : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(service_dir);
    node.mount_table({{node.root() + "/srv/ha", "253:3"}});   // the service's filesystem is mounted
    fs::create_directories(node_dir + "/sm");
    install_sm_notify("exec sleep 30");   // notifies for as long as a test lasts
    const char* path = std::getenv("PATH");
    saved_path = path ? path : "";
    ::setenv("PATH", (bin + ":" + saved_path).c_str(), 1);
    node.commands.on({"getent", "hosts", "nfs-float"}, exited(0, "198.18.0.100    nfs-float\n"));
    node.commands.on({"getent", "hosts", "nfs-float2"}, exited(0, "198.18.0.101    nfs-float2\n"));
  }
  void TearDown() override {
    // Ends the stand-ins a test left running (stop needs no source_host).
    (void)node.run(hanfs::nfs_notify::definition(), "stop", {{"statd_dir", service_dir}, {"node_statd_dir", node_dir}});
    ::setenv("PATH", saved_path.c_str(), 1);
  }

  void install_sm_notify(const std::string& then) {
    FakeNode::write(bin + "/sm-notify", fake_sm_notify(calls, then));
    fs::permissions(bin + "/sm-notify", fs::perms::owner_all);
  }
  // A client this node's statd monitors (as rpc.statd writes it).
  void node_monitors(const std::string& client) {
    FakeNode::write(node_dir + "/sm/" + client, std::string(statd_captures::kServerRecord));
  }
  EnvMap params(const std::string& source_host = "nfs-float") const {
    return {{"source_host", source_host}, {"statd_dir", service_dir}};
  }
  std::string state_file() const { return hanfs::StateFile(node.rsc_tmp(), "nfs-notify", "rsc").path(); }
  // Started with the node monitoring `client`: the sm-notify it recorded
  // once it runs (nullopt when start failed or recorded none).
  std::optional<hanfs::ProcessId> start_notifying(const std::string& client) {
    node_monitors(client);
    const auto started = node.run(hanfs::nfs_notify::definition(), "start", params());
    EXPECT_EQ(started.status, OcfStatus::success) << started.reason;
    wait_for_calls(1);
    return first_run_process();
  }
  // The sm-notify start recorded for its first run (nullopt: none recorded).
  std::optional<hanfs::ProcessId> first_run_process() const {
    const auto values = hanfs::StateFile(node.rsc_tmp(), "nfs-notify", "rsc").read();
    if (!values || !values->contains("run.0.process")) return std::nullopt;
    return hanfs::ProcessId::parse(values->at("run.0.process"));
  }
  std::vector<std::string> sm_notify_calls() const {
    std::vector<std::string> lines;
    std::istringstream in(read_whole_file(calls));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  // The stand-ins run detached: wait (briefly) until `n` of them have begun.
  void wait_for_calls(std::size_t n) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (sm_notify_calls().size() < n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  FakeNode node;
  const std::string bin = node.root() + "/bin";
  const std::string calls = node.root() + "/sm-notify.calls";
  const std::string service_dir = node.root() + "/srv/ha/statd";   // on the shared filesystem
  const std::string node_dir = node.host().var_lib_nfs;            // node_statd_dir's default
  std::string saved_path;
};

TEST_F(NfsNotifyActions, ProbeWithoutAStateFileSaysNotRunning) {
  node_monitors("client");
  const auto r = node.probe(hanfs::nfs_notify::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsNotifyActions, StartNotifiesTheNodesClientsFromEveryAddressAndAProbeThenSaysRunning) {
  node_monitors("client");
  const auto started = node.run(hanfs::nfs_notify::definition(), "start", params("nfs-float, nfs-float2"));
  ASSERT_EQ(started.status, OcfStatus::success) << started.reason;
  wait_for_calls(2);

  const std::string copies = service_dir + "/nfs-notify/rsc";
  EXPECT_EQ(file_names(copies), (std::vector<std::string>{"nfs-float", "nfs-float2"}));
  EXPECT_EQ(sm_notify_calls(), (std::vector<std::string>{"-d -f -n -m 15 -v nfs-float -P " + copies + "/nfs-float",
                                                         "-d -f -n -m 15 -v nfs-float2 -P " + copies + "/nfs-float2"}))
      << read_whole_file(calls);
  for (const char* host : {"nfs-float", "nfs-float2"})
    EXPECT_EQ(read_whole_file(copies + "/" + host + "/sm/client"), statd_captures::kServerRecord) << host;
  // The takeover's clients wait in sm.bak/ until every address reached them.
  EXPECT_EQ(file_names(service_dir + "/sm.bak"), std::vector<std::string>{"client"});
  EXPECT_TRUE(file_names(service_dir + "/sm").empty());
  EXPECT_TRUE(fs::exists(state_file()));

  const auto probed = node.probe(hanfs::nfs_notify::definition(), params("nfs-float, nfs-float2"));
  EXPECT_EQ(probed.status, OcfStatus::success) << probed.reason;
}

TEST_F(NfsNotifyActions, ProbeAndStopWithoutAStateFileFindAnSmNotifyOfOursStillRunningAndStopEndsItAlone) {
  // The stand-in stays itself (no exec): /proc names it sm-notify with its -P.
  install_sm_notify("while :; do sleep 0.1; done");
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  wait_for_calls(1);
  // Another resource's sm-notify, of another service's statd_dir.
  const std::string other_copy = node.root() + "/srv/other/statd/nfs-notify/rsc/nfs-float";
  fs::create_directories(other_copy);
  const auto other = hanfs::spawn_detached({bin + "/sm-notify", "-d", "-v", "nfs-float", "-P", other_copy},
                                           hanfs::Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(other);
  wait_for_calls(2);
  // The node's /proc as the Host sees it: the real entries of both (and of
  // a stand-in's shell child between its fork and its exec of sleep).
  auto ours_alive = [&] {
    std::size_t n = 0;
    for (const auto& p : hanfs::processes_named("sm-notify"))
      if (!p.argv.empty() && p.argv.back().rfind(service_dir, 0) == 0 && hanfs::process_alive(p.id)) ++n;
    return n;
  };
  for (const auto& p : hanfs::processes_named("sm-notify"))
    if (!p.argv.empty() && p.argv.back().rfind(node.root(), 0) == 0)
      fs::create_directory_symlink("/proc/" + std::to_string(p.id.pid),
                                   node.host().proc + "/" + std::to_string(p.id.pid));
  EXPECT_GE(ours_alive(), 1u);   // no ASSERT: `other` must still be ended below
  fs::remove(state_file());   // start killed before its state write, or HA_RSCTMP lost
  const auto probe = node.probe(hanfs::nfs_notify::definition(), params());
  EXPECT_EQ(probe.status, OcfStatus::err_generic) << probe.reason;   // not 7: ours still runs
  EXPECT_TRUE(probe.reason.find("no record of starting it") != std::string::npos) << probe.reason;

  const auto r = node.run(hanfs::nfs_notify::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(ours_alive(), 0u);
  EXPECT_TRUE(hanfs::process_alive(*other));
  (void)hanfs::end_process(*other, hanfs::Deadline(std::chrono::seconds(5)));
}

TEST_F(NfsNotifyActions, StartOfAStartedResourceNotifiesNoOneAgain) {
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  wait_for_calls(1);
  const auto again = node.run(hanfs::nfs_notify::definition(), "start", params());
  EXPECT_EQ(again.status, OcfStatus::success) << again.reason;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(sm_notify_calls().size(), 1u) << read_whole_file(calls);
}

TEST_F(NfsNotifyActions, StartWithNoClientToNotifyStartsNoSmNotify) {
  const auto r = node.run(hanfs::nfs_notify::definition(), "start", params());
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(sm_notify_calls().empty()) << read_whole_file(calls);
  EXPECT_TRUE(fs::exists(state_file()));
  const auto probed = node.probe(hanfs::nfs_notify::definition(), params());
  EXPECT_EQ(probed.status, OcfStatus::success) << probed.reason;
}

TEST_F(NfsNotifyActions, StartWithAnUnresolvableSourceHostIsNotConfiguredAndTouchesNoList) {
  node_monitors("client");
  node.commands.on({"getent", "hosts", "nfs-flaot"}, exited(2));
  const auto r = node.run(hanfs::nfs_notify::definition(), "start", params("nfs-float nfs-flaot"));
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_NE(r.reason.find("source_host nfs-flaot does not resolve"), std::string::npos) << r.reason;
  EXPECT_TRUE(node.commands.called({"getent", "hosts", "nfs-flaot"}));
  EXPECT_FALSE(fs::exists(state_file()));
  EXPECT_TRUE(file_names(service_dir).empty());   // no sm/, sm.bak/, state or copies
  EXPECT_EQ(file_names(node_dir + "/sm"), std::vector<std::string>{"client"});
  EXPECT_TRUE(sm_notify_calls().empty());
}

TEST_F(NfsNotifyActions, MonitorWhenTheServiceStatdListIsGoneFailsNamingIt) {
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  fs::remove_all(service_dir);   // the shared filesystem went away under the resource
  const auto r = node.monitor(hanfs::nfs_notify::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("statd_dir " + service_dir + " is not there"), std::string::npos) << r.reason;
}

TEST_F(NfsNotifyActions, MonitorWhenTheNodesStatdListIsGoneStillSaysRunning) {
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  fs::remove_all(node_dir + "/sm");
  const auto r = node.monitor(hanfs::nfs_notify::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

TEST_F(NfsNotifyActions, MonitorRecordsClientsTheNodeMonitoredSinceTheStart) {
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  node_monitors("late-client");
  const auto r = node.monitor(hanfs::nfs_notify::definition(), params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  // Everything the node's statd monitors now: the next takeover notifies it.
  EXPECT_EQ(file_names(service_dir + "/sm"), (std::vector<std::string>{"client", "late-client"}));
}

TEST_F(NfsNotifyActions, MonitorAfterSmNotifyEndedEarlyIsDegradedWithItsLastWords) {
  install_sm_notify("echo \"sm-notify: my_name 'nfs-float' is unusable\"; exit 1");
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  hanfs::Outcome r;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    r = node.monitor(hanfs::nfs_notify::definition(), params());
  } while (r.status == OcfStatus::success && std::chrono::steady_clock::now() < until);
  EXPECT_EQ(r.status, OcfStatus::degraded) << r.reason;
  EXPECT_NE(r.reason.find("1 client not notified: client"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("ended early (sm-notify: my_name 'nfs-float' is unusable)"), std::string::npos) << r.reason;
}

TEST_F(NfsNotifyActions, StopWithABrokenConfigurationEndsItsSmNotifyAndStillRecordsTheNodesClients) {
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  wait_for_calls(1);
  const std::string copy = service_dir + "/nfs-notify/rsc/nfs-float";
  ASSERT_TRUE(fs::exists(copy + "/sm/client"));
  node_monitors("late-client");

  // source_host gone, notify_args refused: statd_dir is still what start used.
  const auto r = node.run(hanfs::nfs_notify::definition(), "stop",
                          {{"statd_dir", service_dir}, {"notify_args", "-v 10.0.0.1"}, {"retry_time", "soon"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(fs::exists(state_file()));
  EXPECT_EQ(file_names(service_dir + "/sm"), (std::vector<std::string>{"client", "late-client"}));
  // The list it was working on stays for the next takeover.
  EXPECT_EQ(file_names(service_dir + "/sm.bak"), std::vector<std::string>{"client"});
  // Its sm-notify has ended: a probe finds nothing running.
  EXPECT_EQ(node.probe(hanfs::nfs_notify::definition(), params()).status, OcfStatus::not_running);
}

TEST_F(NfsNotifyActions, StopWithABrokenStatdDirStillEndsItsSmNotify) {
  const auto process = start_notifying("client");
  ASSERT_TRUE(process);
  ASSERT_TRUE(hanfs::process_alive(*process));

  const auto r = node.run(hanfs::nfs_notify::definition(), "stop", {{"source_host", "nfs-float"}, {"statd_dir", "srv/ha"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(hanfs::process_alive(*process));
  EXPECT_FALSE(fs::exists(state_file()));
  EXPECT_EQ(file_names(node_dir + "/sm"), std::vector<std::string>{"client"});
}

TEST_F(NfsNotifyActions, StartWithTheServiceFilesystemNotMountedIsRefusedAndNotifiesNoOne) {
  node_monitors("client-a");
  node.mount_table({});   // srv/ha/statd is a directory of the root filesystem
  const auto r = node.run(hanfs::nfs_notify::definition(), "start", params());
  EXPECT_EQ(r.status, OcfStatus::err_generic);
  EXPECT_NE(r.reason.find("statd_dir " + service_dir + " is on the root filesystem"), std::string::npos) << r.reason;
  EXPECT_FALSE(fs::exists(calls));
  EXPECT_TRUE(file_names(service_dir).empty());
}

TEST_F(NfsNotifyActions, ValidateWithStatdDirOnTheRootFilesystemSucceedsWhenAllowedOrTheNodesOwn) {
  node.mount_table({});
  auto allowed = params();
  allowed["allow_root_filesystem"] = "true";
  EXPECT_EQ(node.run(hanfs::nfs_notify::definition(), "validate-all", allowed).status, OcfStatus::success);
  const auto own = node.run(hanfs::nfs_notify::definition(), "validate-all", {{"source_host", "nfs-float"}});
  EXPECT_EQ(own.status, OcfStatus::success) << own.reason;
  EXPECT_EQ(node.run(hanfs::nfs_notify::definition(), "validate-all", params()).status, OcfStatus::err_generic);
}

TEST_F(NfsNotifyActions, StopOfAResourceNeverStartedSucceedsAndTouchesNoList) {
  node_monitors("client");
  const auto r = node.run(hanfs::nfs_notify::definition(), "stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(file_names(service_dir).empty());
}


// service=nfs-a: the list is that nfs-server's statd's own (its state_dir,
// through a daemon's /proc/PID/root, here the fake node's root, so the
// node's directory); sm-notify would run inside its namespaces.
class NfsNotifyInService : public NfsNotifyActions {
 protected:
  void serve() {
    node.process(5000002, "rpc.mountd", node.pin_service("nfs-a"));
    fs::create_directory_symlink(node.root(), node.host().proc + "/5000002/root");
  }
  EnvMap in_service() const { return {{"source_host", "nfs-float"}, {"service", "nfs-a"}}; }
};

TEST_F(NfsNotifyInService, ProbeWhereTheServiceIsNotRunningSaysNotRunning) {
  const auto r = node.probe(hanfs::nfs_notify::definition(), in_service());
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_TRUE(node.commands.calls().empty());
}

TEST_F(NfsNotifyInService, StartWhereTheServiceIsNotRunningFailsNamingItsNfsServerAndNotifiesNoOne) {
  node_monitors("client");
  const auto r = node.run(hanfs::nfs_notify::definition(), "start", in_service());
  EXPECT_EQ(r.status, OcfStatus::err_generic);
  EXPECT_NE(r.reason.find("nfs-server name=nfs-a"), std::string::npos) << r.reason;
  EXPECT_TRUE(sm_notify_calls().empty());
  EXPECT_FALSE(fs::exists(state_file()));
}

TEST_F(NfsNotifyInService, StatdDirsSetWithAServiceAreAConfigurationErrorNamingThem) {
  for (const char* dir : {"statd_dir", "node_statd_dir"}) {
    EnvMap params = in_service();
    params[dir] = service_dir;
    const auto r = node.run(hanfs::nfs_notify::definition(), "validate-all", params);
    EXPECT_EQ(r.status, OcfStatus::err_configured) << dir;
    EXPECT_NE(r.reason.find(dir), std::string::npos) << r.reason;
  }
}

TEST_F(NfsNotifyInService, ValidateWhereTheServiceIsNotRunningChecksWhatItCan) {
  const auto r = node.run(hanfs::nfs_notify::definition(), "validate-all", in_service());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
}

TEST_F(NfsNotifyInService, StartTakesTheServicesOwnListThroughItsDaemonAndStopForgetsTheActivationOnceTheServiceIsGone) {
  serve();
  const auto started = node.run(hanfs::nfs_notify::definition(), "start", in_service());
  ASSERT_EQ(started.status, OcfStatus::success) << started.reason;
  EXPECT_TRUE(sm_notify_calls().empty());   // no client: no sm-notify, lockd's grace stays
  EXPECT_TRUE(fs::is_directory(node_dir + "/nfs-notify/rsc/nfs-float"));
  EXPECT_TRUE(fs::exists(state_file()));
  EXPECT_EQ(node.probe(hanfs::nfs_notify::definition(), in_service()).status, OcfStatus::success);

  // Its nfs-server stopped first: the namespaces are gone.
  fs::remove(node.host().proc + "/self/mountinfo");
  node.mount_table({{node.root() + "/srv/ha", "253:3"}});
  const auto stopped = node.run(hanfs::nfs_notify::definition(), "stop", in_service());
  EXPECT_EQ(stopped.status, OcfStatus::success) << stopped.reason;
  EXPECT_FALSE(fs::exists(state_file()));   // the next start notifies again
}

// statd_dir on storage that never answers (issue 15, defect 5). A FIFO where
// the agent reads a file stands in for frozen storage: its open waits for a
// writer, as a read of a suspended device waits in the kernel. Each action
// must give 1 naming statd_dir before Pacemaker's timeout, not hang.
class NfsNotifyFrozenStatdDir : public NfsNotifyActions {
 protected:
  static constexpr int kTimeoutMs = 2000;
  hanfs::Outcome timed(const std::string& action, const EnvMap& p) {
    const auto started = std::chrono::steady_clock::now();
    auto r = node.run(hanfs::nfs_notify::definition(), action, p,
                      {{"interval", action == "monitor" ? "10000" : "0"}, {"timeout", std::to_string(kTimeoutMs)}});
    took = std::chrono::steady_clock::now() - started;
    return r;
  }
  void expect_frozen_reason(const hanfs::Outcome& r) const {
    EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
    EXPECT_NE(r.reason.find("statd_dir " + service_dir), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("did not answer"), std::string::npos) << r.reason;
    EXPECT_LT(took, std::chrono::milliseconds(kTimeoutMs));
  }
  std::chrono::steady_clock::duration took{};
};

TEST_F(NfsNotifyFrozenStatdDir, StartFailsNamingStatdDirBeforeTheTimeoutAndNotifiesNoOne) {
  node_monitors("client");
  ASSERT_EQ(::mkfifo((service_dir + "/state").c_str(), 0600), 0);   // the NSM state number, read at start
  const auto r = timed("start", params());
  expect_frozen_reason(r);
  EXPECT_FALSE(fs::exists(state_file()));
  EXPECT_TRUE(sm_notify_calls().empty());
}

TEST_F(NfsNotifyFrozenStatdDir, MonitorFailsNamingStatdDirBeforeTheTimeout) {
  install_sm_notify("exit 1");   // ended early: monitor reads its last words from the copy
  node_monitors("client");
  ASSERT_EQ(node.run(hanfs::nfs_notify::definition(), "start", params()).status, OcfStatus::success);
  const auto process = first_run_process();
  ASSERT_TRUE(process);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (hanfs::process_alive(*process) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string log = service_dir + "/nfs-notify/rsc/nfs-float/sm-notify.log";
  fs::remove(log);
  ASSERT_EQ(::mkfifo(log.c_str(), 0600), 0);
  expect_frozen_reason(timed("monitor", params()));
}

TEST_F(NfsNotifyFrozenStatdDir, StopEndsItsSmNotifyThenFailsWhenTheListLockIsNeverReleased) {
  const auto process = start_notifying("client");
  ASSERT_TRUE(process);
  // The lock held for the whole stop, as by a task stuck on the storage.
  const std::string lock = service_dir + "/.nfs-notify.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  const auto r = timed("stop", params());
  ::close(fd);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;   // the service's list is not recorded
  EXPECT_NE(r.reason.find(lock), std::string::npos) << r.reason;
  EXPECT_LT(took, std::chrono::milliseconds(kTimeoutMs));
  EXPECT_FALSE(hanfs::process_alive(*process));   // ended first
  EXPECT_TRUE(fs::exists(state_file()));          // a retried stop records the list
}

TEST_F(NfsNotifyFrozenStatdDir, StopOfAResourceNeverStartedTouchesNoStatdDir) {
  // statd_dir is not even a directory: stop must not look at it.
  fs::remove_all(service_dir);
  ASSERT_EQ(::mkfifo(service_dir.c_str(), 0600), 0);
  const auto r = timed("stop", params());
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(fs::is_fifo(service_dir));
}

}  // namespace
