// nfs-grace's pure logic (configuration, thread count) and the nfsd restart
// mechanism against stand-in control files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "common/nfs/service_server.h"
#include "agents/nfs-grace/config.h"
#include "tests/unit/hostile_values.h"
#include "tests/unit/metadata_files.h"
#include "common/nfs/nfsd_restart.h"
#include "common/sys/proc_stat.h"
#include "tests/unit/temp_dir.h"

using namespace hanfs;
using namespace hanfs::nfs_grace;

namespace {

Result<Config> config_from(EnvMap values) {
  const Metadata& md = agent_metadata("nfs-grace");
  if (!values.contains("recovery_dir")) values["recovery_dir"] = "/srv/nfs/data/.v4records/";
  if (!values.contains("server_scope")) values["server_scope"] = "nfs-service";
  auto params = Parameters::from_env(md, values);
  if (!params) return fail(params.error());
  return parse_config(*params, Host::real()).strict();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

TEST(GraceConfig, RecordsLiveBelowRecoveryDirWithoutItsTrailingSlash) {
  auto c = config_from({});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->recovery_dir, "/srv/nfs/data/.v4records");
  EXPECT_EQ(c->tracker_records(), "/srv/nfs/data/.v4records/nfsdcltrack");
  EXPECT_EQ(c->legacy_records(), "/srv/nfs/data/.v4records/v4recovery");
  EXPECT_EQ(c->tracker_dir, "/var/lib/nfs/nfsdcltrack");
  EXPECT_EQ(c->threads, 0);
}

TEST(GraceConfig, RecoveryDirMustBeAbsoluteAndNotTheRoot) {
  for (const char* bad : {"relative", "/", "//", "./x"}) {
    auto c = config_from({{"recovery_dir", bad}});
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().status, OcfStatus::err_configured);
    EXPECT_NE(c.error().reason.find("recovery_dir"), std::string::npos) << c.error().reason;
  }
}

TEST(GraceConfig, ScopeIsAHostNameOfAtMost64Characters) {
  EXPECT_TRUE(hanfs::valid_server_scope("nfs-service.example.com"));
  EXPECT_TRUE(hanfs::valid_server_scope(std::string(64, 'a')));
  for (const std::string& bad : {std::string(), std::string(65, 'a'), std::string("a b"), std::string("-x"),
                                std::string("a/b"), std::string("nfs;reboot")}) {
    EXPECT_FALSE(hanfs::valid_server_scope(bad)) << bad;
    auto c = config_from({{"server_scope", bad}});
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().status, OcfStatus::err_configured);
    EXPECT_NE(c.error().reason.find("server_scope"), std::string::npos);
  }
}

TEST(GraceConfig, ThreadsOutOfRangeAreNotConfigured) {
  for (const char* bad : {"-1", "8193"}) {
    auto c = config_from({{"threads", bad}});
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().status, OcfStatus::err_configured);
  }
}

TEST(GraceConfig, RestartKeepsTheRunningThreadCountUnlessOneIsGiven) {
  Config keep;
  EXPECT_EQ(threads_after_restart(keep, 16), 16);
  EXPECT_EQ(threads_after_restart(keep, 0), 8);
  Config given;
  given.threads = 4;
  EXPECT_EQ(threads_after_restart(given, 16), 4);
}

// What stop gets: the dispatcher's lenient parameters, then the same parser.
Parsed<Config> lenient_config_from(const EnvMap& values, const Host& host = Host::real()) {
  return parse_config(Parameters::lenient(agent_metadata("nfs-grace"), values), host);
}

TEST(GraceConfigForStop, ABrokenScopeAndThreadsLeaveTheRecordsToUndo) {
  const auto c = lenient_config_from({{"recovery_dir", "/srv/nfs/data/.v4records/"}, {"threads", "-1"}});
  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_NE(c.problems[0].reason.find("server_scope"), std::string::npos) << c.problems[0].reason;
  EXPECT_NE(c.problems[1].reason.find("threads=-1"), std::string::npos) << c.problems[1].reason;
  EXPECT_EQ(c.value.recovery_dir, "/srv/nfs/data/.v4records");
  EXPECT_EQ(c.value.tracker_dir, "/var/lib/nfs/nfsdcltrack");
  EXPECT_EQ(c.value.threads, 0);   // as many as run now
  EXPECT_FALSE(c.strict());
}

TEST(GraceConfigForStop, ABadRecoveryDirIsLeftEmptyAndNothingCountsAsBound) {
  const auto c = lenient_config_from({{"recovery_dir", "relative"}, {"server_scope", "nfs-service"}});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].status, OcfStatus::err_configured);
  EXPECT_EQ(c.value.recovery_dir, "");
  EXPECT_EQ(c.value.scope, "nfs-service");
  EXPECT_FALSE(c.value.records_bound({}));
}

TEST(GraceConfig, TrackerDirDefaultsBelowTheHostsStatdDirectory) {
  const auto c = lenient_config_from({{"recovery_dir", "/srv/r"}, {"server_scope", "s"}}, Host::under("/tmp/node"));
  ASSERT_TRUE(c.complete());
  EXPECT_EQ(c.value.tracker_dir, "/tmp/node/var/lib/nfs/nfsdcltrack");
  EXPECT_EQ(node_legacy_records(Host::under("/tmp/node")), "/tmp/node/var/lib/nfs/v4recovery");
  EXPECT_EQ(node_legacy_records(Host::real()), "/var/lib/nfs/v4recovery");
}

// A node tree whose nfsd control `threads` is a FIFO with no other end:
// opening it blocks, as writing or reading the real one blocks while a
// restart is stuck stopping the threads (nfsd's mutex).
struct StuckNfsd {
  TempDir dir;
  Host host = Host::under(dir.str());
  StuckNfsd() {
    std::filesystem::create_directories(host.proc + "/fs/nfsd");
    EXPECT_EQ(::mkfifo(NfsPaths(host).threads.c_str(), 0600), 0);
  }
};

TEST(NfsdRestart, StopsTheThreadsSetsTheLegacyDirAndStartsThemAgain) {
  TempDir dir;
  const Host host = Host::under(dir.str());
  const NfsPaths paths(host);
  std::filesystem::create_directories(host.proc + "/fs/nfsd");
  // Empty stand-ins: like the /proc files, each write replaces the value.
  write_file(paths.threads, "");
  write_file(paths.recovery_dir, "");
  auto r = restart_nfsd(host, {.threads = 12, .scope = {}, .legacy_recovery_dir = "/srv/x/v4recovery"},
                        Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(r) << r.error().reason;
  EXPECT_EQ(read_whole_file(paths.threads), "12\n");
  EXPECT_EQ(read_whole_file(paths.recovery_dir), "/srv/x/v4recovery\n");
}

TEST(NfsdRestart, AMissingControlFileIsReportedByName) {
  TempDir dir;
  const Host host = Host::under(dir.str());
  auto r = restart_nfsd(host, {.threads = 8, .scope = {}, .legacy_recovery_dir = {}}, Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::err_generic);
  EXPECT_NE(r.error().reason.find(NfsPaths(host).threads), std::string::npos) << r.error().reason;
}

TEST(NfsdRestart, ThreadsThatDoNotStopEndAtTheDeadline) {
  const StuckNfsd stuck;
  const Host& host = stuck.host;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = restart_nfsd(host, {.threads = 8, .scope = {}, .legacy_recovery_dir = {}},
                        Deadline(std::chrono::milliseconds(300)));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("does not finish"), std::string::npos) << r.error().reason;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
}

TEST(NfsdRestart, AnAbandonedRestartSaysNfsdIsLeftWithZeroThreadsAndWhere) {
  const StuckNfsd stuck;
  const Host& host = stuck.host;
  auto r = restart_nfsd(host, {.threads = 8, .scope = {}, .legacy_recovery_dir = {}},
                        Deadline(std::chrono::milliseconds(300)));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("abandoned while stopping the nfsd threads"), std::string::npos) << r.error().reason;
  EXPECT_NE(r.error().reason.find("left with 0 threads"), std::string::npos) << r.error().reason;
  EXPECT_EQ(r.error().reason.find("left as it is"), std::string::npos) << r.error().reason;
}

TEST(NfsdControls, ReadingThemDuringAStuckRestartEndsAtTheDeadline) {
  const StuckNfsd stuck;
  const Host& host = stuck.host;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = read_nfsd_controls(host, Deadline(std::chrono::milliseconds(300)));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("do not answer"), std::string::npos) << r.error().reason;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
}

TEST(NfsdControls, ReadsTheThreadsAndTheLegacyRecordsDirectory) {
  TempDir dir;
  const Host host = Host::under(dir.str());
  std::filesystem::create_directories(host.proc + "/fs/nfsd");
  write_file(NfsPaths(host).threads, "16\n");
  write_file(NfsPaths(host).recovery_dir, "/srv/x/v4recovery\n");
  auto r = read_nfsd_controls(host, Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(r) << r.error().reason;
  EXPECT_TRUE(r->loaded);
  EXPECT_EQ(r->threads, 16);
  EXPECT_EQ(r->recovery_dir, "/srv/x/v4recovery");
  EXPECT_FALSE(read_nfsd_controls(Host::under(dir.str() + "/none"), Deadline(std::chrono::seconds(5)))->loaded);
}

TEST(NfsdRestart, ZeroThreadsIsRefused) {
  EXPECT_FALSE(restart_nfsd(Host::real(), {.threads = 0, .scope = {}, .legacy_recovery_dir = {}}, Deadline(std::chrono::seconds(1))));
}

TEST(ProcessNamed, FindsAProcessByItsCommandName) {
  TempDir proc;
  std::filesystem::create_directories(proc.str() + "/42");
  std::filesystem::create_directories(proc.str() + "/self");
  write_file(proc.str() + "/42/comm", "nfsdcld\n");
  write_file(proc.str() + "/self/comm", "rpc.mountd\n");
  EXPECT_TRUE(process_named_running("nfsdcld", proc.str()));
  EXPECT_FALSE(process_named_running("rpc.mountd", proc.str()));   // not a pid directory
  EXPECT_FALSE(process_named_running("nfsdcl", proc.str()));
}

TEST(GraceConfig, HostileParameterValuesParseOrAreRefusedNamingTheParameter) {
  hanfs::testing::feed_hostile_values(agent_metadata("nfs-grace"),
                                      {{"recovery_dir", "/srv/nfs/records"}, {"server_scope", "nfs-a"}},
                                      [](const Parameters& p) { return parse_config(p, Host::real()).problems; });
}
