// What the kernel shows of the service on this node: its pinned namespaces
// (the mount table), the daemons in its network namespace (/proc), its nfsd
// threads (read inside, within the deadline). Every action judges from this
// alone, so an action killed at any step, or a node whose /run was cleared,
// is judged right by the next one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/nfs-server/config.h"
#include "common/ocf/agent.h"
#include "common/sys/proc_stat.h"

namespace hanfs::nfs_server {

struct ServiceView {
  int pins = 0;                              // 0-3 (namespaces.h)
  std::optional<unsigned long long> net;     // pinned network namespace
  std::vector<hanfs::NetMember> members;     // its processes
  std::vector<std::string> missing_daemons;
  std::optional<int> threads;                // unread when the namespace is not all there

  bool none() const { return pins == 0; }
  bool serving() const {
    return pins == 3 && missing_daemons.empty() && threads.value_or(0) > 0;
  }
};

// The threads are read only when all three pins are there and
// nfsd's filesystem can be: err_generic when a read that should work fails.
hanfs::Result<ServiceView> read_view(const Config& config, const hanfs::ActionContext& context);

}  // namespace hanfs::nfs_server
