// nfs-export-fsid's actions on a fake node (tests/unit/fake_node.h): what
// each decides from the export tables and the state it finds. exportfs is
// scripted to change etab the way the real one does (one line per
// directory and client, in the format of tests/unit/export_table_captures.h),
// since the agent reads the table back after every call.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/directory_exports.h"
#include "common/core/text.h"
#include "common/nfs/export_table.h"
#include "common/nfs/uuid.h"
#include "common/ocf/state_file.h"
#include "common/sys/text_file.h"
#include "tests/unit/fake_node.h"

namespace {

namespace fs = std::filesystem;
using hanfs::EnvMap;
using hanfs::OcfStatus;
using hanfs::testing::exited;
using hanfs::testing::FakeNode;

struct EtabEntry {
  std::string path;
  std::string client;
  std::string fsid;
};

// A line of /var/lib/nfs/etab as nfs-utils 2.6 writes it for `rw` (see
// captured_etab).
std::string etab_line(const EtabEntry& e) {
  return e.path + "\t" + e.client +
         "(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,"
         "no_pnfs,fsid=" +
         e.fsid + ",anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)\n";
}

// "client:path" (exportfs's argument) split; IPv6 in brackets.
std::pair<std::string, std::string> split_target(const std::string& target) {
  if (target.starts_with("[")) {
    const auto close = target.find("]:");
    return {target.substr(1, close - 1), target.substr(close + 2)};
  }
  const auto colon = target.find(':');
  return {target.substr(0, colon), target.substr(colon + 1)};
}

std::string fsid_option(const std::string& options) {
  for (const auto& o : hanfs::text::split(options, ','))
    if (o.starts_with("fsid=")) return o.substr(5);
  return "";
}

class NfsExportFsidActions : public ::testing::Test {
 protected:
  NfsExportFsidActions() {
    // start and validate-all look for exportfs in PATH; what it does is scripted.
    const std::string bin = node.root() + "/usr/sbin";
    FakeNode::write(bin + "/exportfs", "#!/bin/sh\nexit 1\n");
    ::chmod((bin + "/exportfs").c_str(), 0755);
    if (const char* path = std::getenv("PATH")) saved_path_ = path;
    ::setenv("PATH", (bin + ":" + saved_path_).c_str(), 1);

    node.commands.on({"exportfs", "-o"}, [this](const std::vector<std::string>& argv) {
      for (std::size_t i = 3; i < argv.size(); ++i) {
        if (argv[i] == "--") continue;
        auto [client, path] = split_target(argv[i]);
        add_export({path, client, fsid_option(argv[2])});
      }
      return exited(0);
    });
    node.commands.on({"exportfs", "-a"}, [this](const std::vector<std::string>&) {
      // What /etc/exports and exports.d hold, as exportfs -a reads them.
      std::vector<std::string> files{node.host().etc + "/exports"};
      std::error_code ec;
      for (const auto& f : fs::directory_iterator(node.host().etc + "/exports.d", ec))
        if (f.path().extension() == ".exports") files.push_back(f.path().string());
      for (const auto& file : files) {
        auto content = hanfs::read_text_file(file, true);
        if (file != files.front()) exports_d_seen[fs::path(file).filename().string()] = *content;
        for (const auto& e : hanfs::parse_exports_file(*content)) add_export({e.path, e.client, e.option("fsid").value_or("")});
      }
      return exited(0);
    });
    node.commands.on({"exportfs", "-u"}, [this](const std::vector<std::string>& argv) {
      for (std::size_t i = 2; i < argv.size(); ++i) {
        if (argv[i] == "--") continue;
        auto [client, path] = split_target(argv[i]);
        std::erase_if(etab, [&](const EtabEntry& e) { return e.path == path && e.client == client; });
      }
      write_etab();
      return exited(0);
    });
    node.commands.on({"exportfs", "-f"}, exited(0));
  }
  ~NfsExportFsidActions() override { ::setenv("PATH", saved_path_.c_str(), 1); }

  // A real directory in the fake tree (exported directories are the user's
  // paths, resolved as they are), canonical as the agent resolves it.
  std::string directory(const std::string& name) const {
    const std::string d = node.root() + "/srv/nfs/" + name;
    fs::create_directories(d);
    return fs::canonical(d).string();
  }

  void add_export(const EtabEntry& entry) {
    std::erase_if(etab, [&](const EtabEntry& e) { return e.path == entry.path && e.client == entry.client; });
    etab.push_back(entry);
    write_etab();
  }
  void write_etab() const {
    std::string text;
    for (const auto& e : etab) text += etab_line(e);
    FakeNode::write(node.host().var_lib_nfs + "/etab", text);
  }

  std::size_t calls_of(const std::vector<std::string>& prefix) const { return node.commands.calls_of(prefix).size(); }
  std::string state_file() const { return node.rsc_tmp() + "/hanfs-nfs-export-fsid-rsc.state"; }

  const hanfs::AgentDefinition& agent() const { return hanfs::nfs_export_fsid::definition(); }

  FakeNode node;
  std::vector<EtabEntry> etab;                       // what the fake exportfs keeps in etab
  std::map<std::string, std::string> exports_d_seen;  // exports.d files as exportfs -a found them

 private:
  std::string saved_path_;
};

TEST_F(NfsExportFsidActions, ProbeWithoutStateAndNothingExportedSaysNotRunning) {
  const auto r = node.probe(agent(), {{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST_F(NfsExportFsidActions, ProbeWithoutStateOfOurExportInEtabIsNotNotRunningAndStopUnexportsIt) {
  // Start killed after exportfs and before its state write, or HA_RSCTMP
  // lost: the table says it is exported (and an etab that outlived a reboot
  // is served again once nfsd runs).
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  add_export({a, "*", "7"});
  const auto probe = node.probe(agent(), params);
  EXPECT_EQ(probe.status, OcfStatus::err_generic) << probe.reason;
  EXPECT_TRUE(probe.reason.find("*:" + a) != std::string::npos) << probe.reason;
  EXPECT_EQ(node.monitor(agent(), params).status, OcfStatus::err_generic);
  EXPECT_FALSE(node.commands.called({"exportfs"}));

  const auto stop = node.run(agent(), "stop", params);
  EXPECT_EQ(stop.status, OcfStatus::success) << stop.reason;
  EXPECT_EQ(node.commands.calls_of({"exportfs", "-u"}).at(0), (std::vector<std::string>{"exportfs", "-u", "--", "*:" + a}));
  EXPECT_TRUE(etab.empty());
  EXPECT_EQ(node.probe(agent(), params).status, OcfStatus::not_running);
}

TEST_F(NfsExportFsidActions, ProbeWithoutStateIgnoresOurDirectoryExportedToAnotherClient) {
  const std::string a = directory("a");
  add_export({a, "10.1.1.1", "7"});
  const auto r = node.probe(agent(), {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
}

TEST_F(NfsExportFsidActions, ProbeWithoutStateAndABrokenConfigurationStillFindsOurExport) {
  const std::string a = directory("a");
  add_export({a, "*", "7"});
  const auto r = node.probe(agent(), {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}, {"options", "fsid=9"}});
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
}

TEST_F(NfsExportFsidActions, MonitorRemovesTheTransientFileAKilledStartLeftInExportsD) {
  const std::string leftover = node.host().etc + "/exports.d/hanfs-nfs-export-fsid-rsc.exports";
  FakeNode::write(leftover, "/srv/nfs/a *(fsid=7)\n");
  (void)node.probe(agent(), {{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_FALSE(fs::exists(leftover));
}

TEST_F(NfsExportFsidActions, StartRemovesEveryInstancesLeftoverTransientFileBeforeItsExportfsA) {
  const std::string other = directory("other");
  const std::string leftover = node.host().etc + "/exports.d/hanfs-nfs-export-fsid-killed.exports";
  FakeNode::write(leftover, other + " *(fsid=100)\n");
  const std::string a = directory("a"), b = directory("b");
  const auto r = node.run(agent(), "start", {{"directory", a + " " + b}, {"clientspec", "*"}, {"fsid", "7"}});
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(exports_d_seen.contains("hanfs-nfs-export-fsid-killed.exports"));
  for (const auto& e : etab) EXPECT_NE(e.path, other);
  EXPECT_FALSE(fs::exists(leftover));
}

TEST_F(NfsExportFsidActions, ProbeOfRecordedDirectoriesInEtabWithOurFsidSaysRunning) {
  const std::string a = directory("a"), b = directory("b");
  const EnvMap params{{"directory", a + " " + b}, {"clientspec", "* 127.0.0.2"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  const auto r = node.probe(agent(), params);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.monitor(agent(), params).ok());
}

TEST_F(NfsExportFsidActions, MonitorWhenOurExportVanishedFromEtabSaysNotRunning) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  etab.clear();
  write_etab();
  // Pacemaker counts 7 on a recurring monitor as a failure, and as "stopped" on a probe.
  const auto recurring = node.monitor(agent(), params);
  EXPECT_EQ(recurring.status, OcfStatus::not_running) << recurring.reason;
  const auto probe = node.probe(agent(), params);
  EXPECT_EQ(probe.status, OcfStatus::not_running) << probe.reason;
}

TEST_F(NfsExportFsidActions, MonitorWhenOneOfTwoClientsVanishedIsAFailure) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "* 127.0.0.2"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  std::erase_if(etab, [](const EtabEntry& e) { return e.client == "127.0.0.2"; });
  write_etab();
  const auto r = node.monitor(agent(), params);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("partially exported: 1 of 2 exports missing: 127.0.0.2:" + a), std::string::npos) << r.reason;
}

TEST_F(NfsExportFsidActions, MonitorWhenEtabHasOurDirectoryWithAnotherFsidIsAFailure) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  add_export({a, "*", "8"});
  const auto r = node.monitor(agent(), params);
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_NE(r.reason.find("has fsid 8, not 7"), std::string::npos) << r.reason;
}

TEST_F(NfsExportFsidActions, StartRefusesAnFsidAnotherDirectoryUsesInEtab) {
  add_export({"/srv/lab-nfs/fs2", "127.0.0.2", "7"});
  const std::string a = directory("a");
  const auto r = node.run(agent(), "start", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_EQ(r.reason, "fsid 7 of " + a + " is already used by /srv/lab-nfs/fs2 (exported to 127.0.0.2 in the export table " +
                          node.host().var_lib_nfs + "/etab): choose another fsid");
  EXPECT_FALSE(node.commands.called({"exportfs"}));
  EXPECT_FALSE(fs::exists(state_file()));
}

TEST_F(NfsExportFsidActions, StartRefusesAnFsidAnotherDirectoryUsesInTheExportsFiles) {
  FakeNode::write(node.host().etc + "/exports.d/local.exports", "/srv/other 10.0.0.0/8(rw,fsid=8)\n");
  const std::string a = directory("a"), b = directory("b");
  const auto r = node.run(agent(), "start", {{"directory", a + " " + b}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::err_configured) << r.reason;
  EXPECT_EQ(r.reason, "fsid 8 of " + b + " is already used by /srv/other (exported to 10.0.0.0/8 in " +
                          node.host().etc + "/exports.d/local.exports): choose another fsid");
  EXPECT_FALSE(node.commands.called({"exportfs"}));
}

TEST_F(NfsExportFsidActions, StartExportsOneDirectoryWithOneExportfsCallAndRecordsIt) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "* 127.0.0.2"}, {"options", "rw,sync"}, {"fsid", "7"}};
  const auto r = node.run(agent(), "start", params);
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  ASSERT_EQ(calls_of({"exportfs"}), 1u);
  EXPECT_EQ(node.commands.calls_of({"exportfs"})[0],
            (std::vector<std::string>{"exportfs", "-o", "rw,sync,fsid=7", "--", "*:" + a, "127.0.0.2:" + a}));
  // The state file under the name earlier releases used.
  auto state = hanfs::read_text_file(state_file());
  ASSERT_TRUE(state) << state.error().reason;
  auto recorded = hanfs::nfs_export_fsid::decode_exports(*hanfs::decode_state(*state));
  ASSERT_TRUE(recorded);
  ASSERT_EQ(recorded->size(), 1u);
  EXPECT_EQ((*recorded)[0].directory, a);
  EXPECT_EQ((*recorded)[0].fsid.text(), "7");
  EXPECT_EQ((*recorded)[0].table_clients, (std::vector<std::string>{"*", "127.0.0.2"}));
  EXPECT_TRUE(fs::exists(node.rsc_tmp() + "/hanfs-nfs-export-fsid.lock"));
}

TEST_F(NfsExportFsidActions, StartExportsSeveralDirectoriesThroughOneTransientExportsDFile) {
  const std::string a = directory("a"), b = directory("b");
  const EnvMap params{{"directory", a + " " + b}, {"clientspec", "*"}, {"fsid", "7"}};
  const auto r = node.run(agent(), "start", params, {}, "nfs:export 1");
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(calls_of({"exportfs"}), 1u);
  EXPECT_EQ(calls_of({"exportfs", "-a"}), 1u);
  // Named as earlier releases named it, and gone afterwards.
  const std::string name = "hanfs-nfs-export-fsid-nfs_export_1.exports";
  ASSERT_TRUE(exports_d_seen.contains(name));
  EXPECT_EQ(exports_d_seen[name], "# transient: written and removed by hanfs-nfs-export-fsid-nfs_export_1\n" + a +
                                      " *(fsid=7)\n" + b + " *(fsid=8)\n");
  EXPECT_FALSE(fs::exists(node.host().etc + "/exports.d/" + name));
  EXPECT_TRUE(fs::exists(node.rsc_tmp() + "/hanfs-nfs-export-fsid-nfs_export_1.state"));
}

TEST_F(NfsExportFsidActions, StartDerivesTheFsidFromTheFilesystemUuid) {
  const std::string a = directory("exports/a");
  const std::string mount_point = fs::canonical(node.root() + "/srv/nfs").string();
  FakeNode::write(node.host().proc + "/self/mountinfo",
                  "21 1 0:19 / / rw,relatime - overlay overlay rw,lowerdir=/lower,upperdir=/upper/up,workdir=/upper/work\n"
                  "40 21 254:3 / " + mount_point + " rw,relatime shared:17 - ext4 /dev/mapper/vgnfs-fs1 rw\n");
  FakeNode::write(node.host().sys + "/dev/block/254:3/uevent", "MAJOR=254\nMINOR=3\nDEVNAME=dm-3\nDEVTYPE=disk\nDISKSEQ=12\n");
  node.commands.on({"blkid", "-p", "-o", "value", "-s", "UUID", node.host().dev + "/dm-3"},
                   exited(0, "ca29dccc-290e-4613-8367-7ff28ab98e97\n"));
  const auto r = node.run(agent(), "start", {{"directory", a}, {"clientspec", "*"}});
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  const auto fsid = hanfs::nfs_export_fsid::derived_fsid(*hanfs::parse_uuid("ca29dccc-290e-4613-8367-7ff28ab98e97"),
                                                         "/exports/a");
  EXPECT_EQ(node.commands.calls_of({"exportfs", "-o"}).at(0),
            (std::vector<std::string>{"exportfs", "-o", "fsid=" + fsid.text(), "--", "*:" + a}));
}

TEST_F(NfsExportFsidActions, StartOnAnExportedInstanceSucceedsWithoutExportingAgain) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  const auto r = node.run(agent(), "start", params);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(calls_of({"exportfs"}), 1u);
}

TEST_F(NfsExportFsidActions, StartFailsWhenTheTableLacksTheExportAfterExportfsSaysZero) {
  node.commands.on({"exportfs", "-o"}, exited(0));
  const std::string a = directory("a");
  const auto r = node.run(agent(), "start", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::err_generic) << r.reason;
  EXPECT_EQ(r.reason, "export table lacks 1 export(s) after exportfs: *:" + a);
  EXPECT_FALSE(fs::exists(state_file()));
}

TEST_F(NfsExportFsidActions, StopWithABrokenConfigurationStillUnexportsWhatStartExported) {
  const std::string a = directory("a");
  ASSERT_TRUE(node.run(agent(), "start", {{"directory", a}, {"clientspec", "* 127.0.0.2"}, {"fsid", "7"}}).ok());
  add_export({a, "10.1.1.1", "9"});  // not ours: stays
  const auto r = node.run(agent(), "stop",
                          {{"directory", "relative/" + a}, {"clientspec", ""}, {"fsid", "1,rw"}, {"unlock_on_stop", "maybe"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  ASSERT_EQ(calls_of({"exportfs", "-u"}), 1u);
  EXPECT_EQ(node.commands.calls_of({"exportfs", "-u"})[0],
            (std::vector<std::string>{"exportfs", "-u", "--", "*:" + a, "127.0.0.2:" + a}));
  ASSERT_EQ(etab.size(), 1u);
  EXPECT_EQ(etab[0].client, "10.1.1.1");
  EXPECT_FALSE(fs::exists(state_file()));
}

TEST_F(NfsExportFsidActions, StopWithoutStateUnexportsTheConfiguredDirectoriesAndClients) {
  const std::string a = directory("a");
  add_export({a, "*", "7"});
  add_export({a, "10.1.1.1", "7"});  // another client: not ours
  const auto r = node.run(agent(), "stop", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(node.commands.calls_of({"exportfs", "-u"}).at(0), (std::vector<std::string>{"exportfs", "-u", "--", "*:" + a}));
  ASSERT_EQ(etab.size(), 1u);
  EXPECT_EQ(etab[0].client, "10.1.1.1");
}

TEST_F(NfsExportFsidActions, StopWhenNothingIsExportedSucceedsWithoutExportfs) {
  const auto r = node.run(agent(), "stop", {{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(node.commands.called({"exportfs"}));
}

TEST_F(NfsExportFsidActions, StopTwiceSucceedsBothTimes) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  EXPECT_TRUE(node.run(agent(), "stop", params).ok());
  const auto again = node.run(agent(), "stop", params);
  EXPECT_EQ(again.status, OcfStatus::success) << again.reason;
  EXPECT_EQ(calls_of({"exportfs", "-u"}), 1u);
  EXPECT_EQ(node.probe(agent(), params).status, OcfStatus::not_running);
}

TEST_F(NfsExportFsidActions, StopWithALineBreakInRmtabBackupWritesNoBackupFile) {
  const std::string a = directory("a");
  ASSERT_TRUE(node.run(agent(), "start", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}}).ok());
  FakeNode::write(node.host().var_lib_nfs + "/rmtab", "198.18.0.5:" + a + ":0x00000001\n");
  const auto r = node.run(agent(), "stop", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}, {"rmtab_backup", "x\ny"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.called({"exportfs", "-u"}));
  EXPECT_TRUE(fs::is_empty(a)) << "a backup file was written into " << a;
}

TEST_F(NfsExportFsidActions, StopBacksUpTheDirectorysRmtabLines) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  FakeNode::write(node.host().var_lib_nfs + "/rmtab",
                  "198.18.0.5:" + a + ":0x00000001\n127.0.0.1:/srv/lab-nfs/fs1:0x00000001\n");
  ASSERT_TRUE(node.run(agent(), "stop", params).ok());
  EXPECT_EQ(*hanfs::read_text_file(a + "/.rmtab"), "198.18.0.5:" + a + ":0x00000001\n");
}

// A steady monitor does not touch the shared storage: what the last backup
// wrote is remembered under HA_RSCTMP, and only changed lines are written.
TEST_F(NfsExportFsidActions, MonitorWritesTheRmtabBackupOnlyWhenTheDirectorysLinesChange) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  const std::string rmtab = node.host().var_lib_nfs + "/rmtab";
  FakeNode::write(rmtab, "198.18.0.5:" + a + ":0x00000001\n");
  ASSERT_TRUE(node.monitor(agent(), params).ok());
  EXPECT_EQ(*hanfs::read_text_file(a + "/.rmtab"), "198.18.0.5:" + a + ":0x00000001\n");
  fs::remove(a + "/.rmtab");   // were it read again, it would be written again
  FakeNode::write(rmtab, "198.18.0.5:" + a + ":0x00000001\n127.0.0.1:/srv/other:0x00000001\n");
  ASSERT_TRUE(node.monitor(agent(), params).ok());
  EXPECT_FALSE(fs::exists(a + "/.rmtab"));   // this directory's lines are unchanged
  FakeNode::write(rmtab, "198.18.0.5:" + a + ":0x00000001\n198.18.0.6:" + a + ":0x00000001\n");
  ASSERT_TRUE(node.monitor(agent(), params).ok());
  EXPECT_EQ(*hanfs::read_text_file(a + "/.rmtab"),
            "198.18.0.5:" + a + ":0x00000001\n198.18.0.6:" + a + ":0x00000001\n");
  ASSERT_TRUE(node.run(agent(), "stop", params).ok());
  EXPECT_FALSE(fs::exists(node.rsc_tmp() + "/hanfs-nfs-export-fsid-rmtab-rsc.state"));
}

// Files a client with write access to the export root can plant at the
// backup's name: stop and start never follow them and still do their job.
TEST_F(NfsExportFsidActions, StopReplacesSymlinksPlantedAtTheRmtabBackupAndItsTemporaryNameWithoutTouchingTheirTarget) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  const std::string victim = node.root() + "/etc/shadow";
  FakeNode::write(victim, "root:$6$secret:19000::::::\n");
  ::chmod(victim.c_str(), 0600);
  ASSERT_EQ(::symlink(victim.c_str(), (a + "/.rmtab").c_str()), 0);
  // And at the temporary name replace_text_file used to open with O_TRUNC
  // (".rmtab.hanfs-tmp.<pid>": a client plants a range of pids).
  ASSERT_EQ(::symlink(victim.c_str(), (a + "/.rmtab.hanfs-tmp." + std::to_string(::getpid())).c_str()), 0);
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  FakeNode::write(node.host().var_lib_nfs + "/rmtab", "198.18.0.5:" + a + ":0x00000001\n");
  const auto r = node.run(agent(), "stop", params);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(*hanfs::read_text_file(victim), "root:$6$secret:19000::::::\n");
  EXPECT_EQ(fs::status(victim).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::is_symlink(a + "/.rmtab"));
  EXPECT_EQ(*hanfs::read_text_file(a + "/.rmtab"), "198.18.0.5:" + a + ":0x00000001\n");
}

TEST_F(NfsExportFsidActions, StartDoesNotMergeAFileLinkedAtTheRmtabBackupIntoRmtab) {
  const std::string a = directory("a");
  const std::string victim = node.root() + "/etc/shadow";
  FakeNode::write(victim, "root:" + a + ":0x00000001\n");
  ASSERT_EQ(::symlink(victim.c_str(), (a + "/.rmtab").c_str()), 0);
  const auto r = node.run(agent(), "start", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(*hanfs::read_text_file(node.host().var_lib_nfs + "/rmtab", true), "");
}

TEST_F(NfsExportFsidActions, StopWithAFifoAtTheRmtabBackupReturnsPromptly) {
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_TRUE(node.run(agent(), "start", params).ok());
  ASSERT_EQ(::mkfifo((a + "/.rmtab").c_str(), 0666), 0);
  FakeNode::write(node.host().var_lib_nfs + "/rmtab", "198.18.0.5:" + a + ":0x00000001\n");
  const auto started = std::chrono::steady_clock::now();
  const auto r = node.run(agent(), "stop", params);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(calls_of({"exportfs", "-u"}), 1u);
}

TEST_F(NfsExportFsidActions, StartIgnoresAnRmtabBackupOverTheCap) {
  const std::string a = directory("a");
  { std::FILE* f = std::fopen((a + "/.rmtab").c_str(), "w"); std::fclose(f); }
  fs::resize_file(a + "/.rmtab", 100u << 20);  // 100 MB, sparse
  const auto r = node.run(agent(), "start", {{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(*hanfs::read_text_file(node.host().var_lib_nfs + "/rmtab", true), "");
}


// service=nfs-a: the exports go to service nfs-a's own server. Its daemon's
// /proc/PID/root is the fake node's root here, so the service's etab is the
// one the scripted exportfs writes.
class NfsExportFsidInService : public NfsExportFsidActions {
 protected:
  void serve() {
    node.process(5000002, "rpc.mountd", node.pin_service("nfs-a"));
    fs::create_directory_symlink(node.root(), node.host().proc + "/5000002/root");
    fs::create_directory_symlink(node.host().proc + "/net", node.host().proc + "/5000002/net");
  }
};

TEST_F(NfsExportFsidInService, ProbeWhereTheServiceHasNoNamespacesSaysNotRunning) {
  const auto r = node.probe(agent(), {{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}, {"service", "nfs-a"}});
  EXPECT_EQ(r.status, OcfStatus::not_running) << r.reason;
  EXPECT_FALSE(node.commands.called({"exportfs"}));
}

TEST_F(NfsExportFsidInService, StartWhereTheServiceIsNotRunningFailsNamingItsNfsServer) {
  const auto r = node.run(agent(), "start", {{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}, {"service", "nfs-a"}});
  EXPECT_EQ(r.status, OcfStatus::err_generic);
  EXPECT_NE(r.reason.find("nfs-server name=nfs-a"), std::string::npos) << r.reason;
  EXPECT_FALSE(node.commands.called({"exportfs"}));
}

TEST_F(NfsExportFsidInService, StopWhereTheServiceIsGoneSucceedsWithoutExportfs) {
  const auto r = node.run(agent(), "stop", {{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}, {"service", "nfs-a"}});
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_FALSE(node.commands.called({"exportfs"}));
}

TEST_F(NfsExportFsidInService, StartExportsEachDirectoryWithItsOwnCallNeverExportfsA) {
  serve();
  const std::string a = directory("a"), b = directory("b");
  const EnvMap params{{"directory", a + " " + b}, {"clientspec", "*"}, {"fsid", "7"}, {"service", "nfs-a"}};
  const auto r = node.run(agent(), "start", params);
  ASSERT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_EQ(calls_of({"exportfs", "-o"}), 2u);
  EXPECT_EQ(calls_of({"exportfs", "-a"}), 0u);   // it would export the node's /etc/exports in the service
  EXPECT_TRUE(exports_d_seen.empty());
  EXPECT_EQ(node.probe(agent(), params).status, OcfStatus::success);
  EXPECT_EQ(node.run(agent(), "stop", params).status, OcfStatus::success);
  EXPECT_TRUE(etab.empty());
}

TEST_F(NfsExportFsidInService, AServiceNameNfsServerCannotHaveIsAConfigurationError) {
  const auto r = node.run(agent(), "validate-all", {{"directory", directory("a")}, {"clientspec", "*"}, {"service", "../x"}});
  EXPECT_EQ(r.status, OcfStatus::err_configured);
  EXPECT_NE(r.reason.find("service"), std::string::npos) << r.reason;
}


// In a service, its nfs-server releases the NLM locks after its threads
// (released before, statd would forget the NFSv3 clients at lockd's shutdown).
TEST_F(NfsExportFsidInService, StopLeavesTheLocksForTheServicesNfsServerToRelease) {
  serve();
  const std::string unlock = node.host().proc + "/fs/nfsd/unlock_filesystem";
  FakeNode::write(unlock, "");
  const EnvMap params{{"directory", directory("a")}, {"clientspec", "*"}, {"fsid", "7"}, {"service", "nfs-a"}};
  ASSERT_EQ(node.run(agent(), "start", params).status, OcfStatus::success);
  ASSERT_EQ(node.run(agent(), "stop", params).status, OcfStatus::success);
  EXPECT_TRUE(etab.empty());
  EXPECT_EQ(*hanfs::read_text_file(unlock, true), "");
}

TEST_F(NfsExportFsidActions, StopOnTheNodesServerReleasesTheFilesystemsLocks) {
  const std::string unlock = node.host().proc + "/fs/nfsd/unlock_filesystem";
  FakeNode::write(unlock, "");
  const std::string a = directory("a");
  const EnvMap params{{"directory", a}, {"clientspec", "*"}, {"fsid", "7"}};
  ASSERT_EQ(node.run(agent(), "start", params).status, OcfStatus::success);
  ASSERT_EQ(node.run(agent(), "stop", params).status, OcfStatus::success);
  EXPECT_EQ(*hanfs::read_text_file(unlock, true), a + "\n");
}

}  // namespace

// Depth 10 on a started export of `a`, its filesystem on device `dev` in the
// node's mount table and the stat answered (as the inode cache answers it).
class NfsExportFsidStorageCheck : public NfsExportFsidActions {
 protected:
  void started_on(const std::string& dev) {
    a = directory("exports/a");
    FakeNode::write(node.host().proc + "/self/mountinfo",
                    "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                    "40 1 " + dev + " / " + fs::path(a).parent_path().string() + " rw - ext4 /dev/dm-3 rw\n");
    ASSERT_TRUE(node.run(agent(), "start", params).ok());
    node.commands.on({"stat"}, exited(0, a + "\n"));
  }
  void dm_device(const std::string& suspended) {
    const std::string dir = node.host().sys + "/block/dm-3";
    FakeNode::write(dir + "/dev", "253:3\n");
    FakeNode::write(dir + "/dm/name", "vgnfs-fs1\n");
    FakeNode::write(dir + "/dm/suspended", suspended + "\n");
  }
  std::string a;
  EnvMap params;
};

TEST_F(NfsExportFsidStorageCheck, DepthTenOnASuspendedDeviceFailsWithoutReadingEvenWithTheStatAnswered) {
  params = {{"directory", directory("exports/a")}, {"clientspec", "*"}, {"fsid", "7"}};
  started_on("253:3");
  dm_device("1");
  const auto r = node.monitor(agent(), params, 10);
  EXPECT_EQ(r.status, OcfStatus::err_generic);
  EXPECT_NE(r.reason.find("(dm-3) is suspended: I/O would hang"), std::string::npos) << r.reason;
}

TEST_F(NfsExportFsidStorageCheck, DepthTenFailsWhenTheDeviceHoldingTheDirectoryCannotBeRead) {
  params = {{"directory", directory("exports/a")}, {"clientspec", "*"}, {"fsid", "7"}};
  started_on("253:3");
  dm_device("0");   // no <dev>/block/253:3 to read: the storage does not answer
  const auto r = node.monitor(agent(), params, 10);
  EXPECT_EQ(r.status, OcfStatus::err_generic);
  EXPECT_NE(r.reason.find("253:3"), std::string::npos) << r.reason;
}

TEST_F(NfsExportFsidStorageCheck, DepthTenOnAFilesystemWithoutABlockDeviceIsTheStatAlone) {
  params = {{"directory", directory("exports/a")}, {"clientspec", "*"}, {"fsid", "7"}};
  started_on("0:52");   // NFS, tmpfs, overlay
  const auto r = node.monitor(agent(), params, 10);
  EXPECT_EQ(r.status, OcfStatus::success) << r.reason;
  EXPECT_TRUE(node.commands.called({"stat"}));
}
