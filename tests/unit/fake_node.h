// A node for running an agent's actions on the host (common/sys/host.h):
// a temporary tree laid out like /sys, /proc, /dev, /etc and /var/lib/nfs, a
// HA_RSCTMP inside it, and a scripted command runner that answers by argv
// and records every call. An action's decisions (what a probe says, what
// stop removes, what start refuses) run here in milliseconds; what the real
// kernel does with them is the lab's job.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <initializer_list>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "common/ocf/agent.h"
#include "common/sys/host.h"
#include "tests/unit/temp_dir.h"

namespace hanfs {
// gtest prints a status by its OCF name ("OCF_NOT_RUNNING").
inline void PrintTo(OcfStatus status, std::ostream* os) { *os << status_name(status); }
}  // namespace hanfs

namespace hanfs::testing {

inline CommandResult exited(int code, std::string out = {}, std::string err = {}) {
  CommandResult r;
  r.ending = CommandResult::Ending::exited;
  r.exit_code = code;
  r.out = std::move(out);
  r.err = std::move(err);
  return r;
}

inline CommandResult timed_out() {
  CommandResult r;
  r.ending = CommandResult::Ending::timed_out;
  return r;
}

inline CommandResult not_installed() {
  CommandResult r;
  r.ending = CommandResult::Ending::spawn_failed;
  r.spawn_errno = ENOENT;
  return r;
}

// Answers commands from rules: the latest rule whose argv prefix matches.
// A command no rule answers fails the test and reads as not installed.
class ScriptedRunner {
 public:
  using Answer = std::function<CommandResult(const std::vector<std::string>& argv)>;

  void on(std::vector<std::string> prefix, CommandResult result) {
    rules_.push_back({std::move(prefix), [result](const std::vector<std::string>&) { return result; }});
  }
  void on(std::vector<std::string> prefix, Answer answer) { rules_.push_back({std::move(prefix), std::move(answer)}); }

  const std::vector<std::vector<std::string>>& calls() const { return calls_; }
  // The calls whose argv starts with `prefix`.
  std::vector<std::vector<std::string>> calls_of(const std::vector<std::string>& prefix) const {
    std::vector<std::vector<std::string>> found;
    for (const auto& c : calls_)
      if (starts_with(c, prefix)) found.push_back(c);
    return found;
  }
  bool called(const std::vector<std::string>& prefix) const { return !calls_of(prefix).empty(); }

  CommandResult run(const std::vector<std::string>& argv) {
    calls_.push_back(argv);
    for (auto it = rules_.rbegin(); it != rules_.rend(); ++it)
      if (starts_with(argv, it->first)) return it->second(argv);
    std::string line;
    for (const auto& a : argv) line += a + " ";
    ADD_FAILURE() << "unscripted command: " << line;
    return not_installed();
  }

 private:
  static bool starts_with(const std::vector<std::string>& argv, const std::vector<std::string>& prefix) {
    if (prefix.size() > argv.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (argv[i] != prefix[i]) return false;
    return true;
  }
  std::vector<std::pair<std::vector<std::string>, Answer>> rules_;
  std::vector<std::vector<std::string>> calls_;
};

class FakeNode {
 public:
  FakeNode() : host_(Host::under(dir_.str())), rsc_tmp_(dir_.str() + "/run/resource-agents") {
    for (const auto& d : {host_.sys, host_.proc, host_.dev, host_.etc, host_.var_lib_nfs, rsc_tmp_})
      std::filesystem::create_directories(d);
    host_.run = [this](const std::vector<std::string>& argv, const Deadline&, const CommandOptions&) {
      return commands.run(argv);
    };
  }
  FakeNode(const FakeNode&) = delete;
  FakeNode& operator=(const FakeNode&) = delete;

  ScriptedRunner commands;

  const Host& host() const { return host_; }
  std::string root() const { return dir_.str(); }
  const std::string& rsc_tmp() const { return rsc_tmp_; }

  // Writes `content` to `path` (absolute, inside the tree), creating folders.
  static void write(const std::string& path, const std::string& content) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  }

  // The node's mount table (<proc>/self/mountinfo): the root filesystem on
  // 8:1, then one line per {mount point, "major:minor"}.
  void mount_table(const std::vector<std::pair<std::string, std::string>>& mounts) const {
    std::string text = "1 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";
    int id = 30;
    for (const auto& [point, dev] : mounts)
      text += std::to_string(id++) + " 1 " + dev + " / " + point + " rw,relatime shared:2 - xfs /dev/x rw\n";
    write(host_.proc + "/self/mountinfo", text);
  }
  // Appends a bind mount to that table: ROOT (a path inside the filesystem
  // on DEV, "major:minor") mounted on POINT, as `mount --bind` leaves it.
  void bind_in_mount_table(const std::string& point, const std::string& dev, const std::string& root) const {
    std::ofstream(host_.proc + "/self/mountinfo", std::ios::app)
        << "90 1 " << dev << " " << root << " " << point << " rw,relatime shared:2 - xfs /dev/x rw\n";
  }

  // Service NAME's namespaces pinned as nfs-server pins them (nsfs mounts
  // under <run_dir>/hanfs/NAME, appended to the mount table). Returns the
  // net pin's link text, "net:[INODE]", as /proc/PID/ns/net of a process
  // inside reads: the inode is the pin file's (what the agents stat).
  std::string pin_service(const std::string& name) const {
    const std::string pins = host_.run_dir + "/hanfs/" + name;
    std::filesystem::create_directories(host_.proc + "/self");
    std::ofstream table(host_.proc + "/self/mountinfo", std::ios::app);
    int id = 613;
    std::string net;
    for (const char* ns : {"net", "uts", "mnt"}) {
      write(pins + "/" + ns, "");
      struct stat st {};
      ::stat((pins + "/" + ns).c_str(), &st);
      const std::string link = std::string(ns) + ":[" + std::to_string(st.st_ino) + "]";
      table << id++ << " 612 0:4 " << link << " " << pins << "/" << ns << " rw - nsfs nsfs rw\n";
      if (net.empty()) net = link;
    }
    return net;
  }
  // A process in <proc>: its comm, stat (state STATE, start time 777) and
  // its net namespace link. Fake pids are past PID_MAX_LIMIT (2^22), never
  // a process of this machine.
  void process(int pid, const std::string& comm, const std::string& net_link, char state = 'S') const {
    const std::string dir = host_.proc + "/" + std::to_string(pid);
    write(dir + "/comm", comm + "\n");
    write(dir + "/stat", std::to_string(pid) + " (" + comm + ") " + state + " 1 " + std::to_string(pid) +
                             " 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n");
    std::filesystem::create_directories(dir + "/ns");
    std::filesystem::create_symlink(net_link, dir + "/ns/net");
  }

  // Runs one action the way Pacemaker would: OCF_RESKEY_<name> for each
  // parameter, OCF_RESKEY_CRM_meta_<name> for each meta value (interval
  // and timeout among them), HA_RSCTMP inside the tree.
  Outcome run(const AgentDefinition& agent, const std::string& action, const EnvMap& params,
              const EnvMap& meta = {}, const std::string& instance = "rsc", const EnvMap& extra_env = {}) const {
    EnvMap env{{"OCF_RESOURCE_INSTANCE", instance}, {"HA_RSCTMP", rsc_tmp_}, {"OCF_ROOT", "/usr/lib/ocf"}};
    for (const auto& [k, v] : extra_env) env[k] = v;
    for (const auto& [k, v] : params) env["OCF_RESKEY_" + k] = v;
    for (const auto& [k, v] : meta) env["OCF_RESKEY_CRM_meta_" + k] = v;
    return run_action(agent, OcfEnv(action, env), host_);
  }
  // A probe: monitor with interval 0.
  Outcome probe(const AgentDefinition& agent, const EnvMap& params) const {
    return run(agent, "monitor", params, {{"interval", "0"}, {"timeout", "20000"}});
  }
  // A recurring monitor.
  Outcome monitor(const AgentDefinition& agent, const EnvMap& params, int depth = 0) const {
    return run(agent, "monitor", params, {{"interval", "10000"}, {"timeout", "20000"}}, "rsc",
               {{"OCF_CHECK_LEVEL", std::to_string(depth)}});
  }

 private:
  TempDir dir_;   // first: host_ and rsc_tmp_ are built from it
  Host host_;
  std::string rsc_tmp_;
};


// Stand-ins (each "exit 1") for PROGRAMS in BIN, ahead in PATH while this
// lives: agents look their programs up in PATH (check_node), and the
// scripted runner says what they do.
class ProgramsInPath {
 public:
  ProgramsInPath(const std::string& bin, std::initializer_list<const char*> programs) {
    for (const char* program : programs) {
      FakeNode::write(bin + "/" + program, "#!/bin/sh\nexit 1\n");
      std::filesystem::permissions(bin + "/" + program, std::filesystem::perms::owner_all);
    }
    if (const char* path = std::getenv("PATH")) saved_ = path;
    ::setenv("PATH", (bin + ":" + saved_).c_str(), 1);
  }
  ~ProgramsInPath() { ::setenv("PATH", saved_.c_str(), 1); }
  ProgramsInPath(const ProgramsInPath&) = delete;
  ProgramsInPath& operator=(const ProgramsInPath&) = delete;

 private:
  std::string saved_;
};

}  // namespace hanfs::testing
