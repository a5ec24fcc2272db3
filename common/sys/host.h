// The system an action works on, as one value the dispatcher hands every
// action (ActionContext::host): the roots of the trees the agents read and
// write (sysfs, procfs, /dev, /etc, /var/lib/nfs, /run) and the runner of external
// commands. On a node it is Host::real(). A unit test builds one over a
// temporary directory laid out like a node, with a scripted runner, and so
// runs an action's decisions on the host in milliseconds; the lab tests run
// the same actions against the real kernel.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/core/deadline.h"
#include "common/sys/command.h"

namespace hanfs {

using CommandRunner =
    std::function<CommandResult(const std::vector<std::string>& argv, const Deadline&, const CommandOptions&)>;

struct Host {
  std::string sys = "/sys";
  std::string proc = "/proc";
  std::string dev = "/dev";
  std::string etc = "/etc";
  std::string var_lib_nfs = "/var/lib/nfs";
  std::string run_dir = "/run";  // node-local runtime state (tmpfs): node locks
  // The network namespace's and the NFS server's views, apart from proc:
  // for an NFS service in namespaces of its own (service_host in
  // common/nfs/service_server.h) they are those of a process inside.
  std::string proc_net = "/proc/net";
  std::string nfsd_fs = "/proc/fs/nfsd";
  // The pinned namespaces (sys/namespaces.h) the commands and the programs
  // an agent leaves running start in; empty: the node's own.
  std::string namespace_dir;
  CommandRunner run = run_command;

  // This node.
  static const Host& real();
  // The same layout below `root` (root + "/sys", ...); commands still run
  // for real until the test replaces `run`.
  static Host under(const std::string& root);

  // A node's path (a metadata default such as /var/lib/nfs/nfsdcltrack) as
  // this host has it: below the root of the tree it names, else unchanged.
  std::string path_of(const std::string& node_path) const;
};

}  // namespace hanfs
