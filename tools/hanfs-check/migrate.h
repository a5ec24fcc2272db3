// --migrate GROUP: the pcs commands that replace resource-agents' LVM-activate
// (or LVM), exportfs, nfsnotify and nfsserver in GROUP with lvm-persistent,
// nfs-export-fsid, nfs-notify and nfs-server (the group's IPaddr2 becoming
// nfs-address, every member service= the server's name), keeping the file handles the
// clients hold: each export keeps the fsid it has today, each resource its
// id and its place in the group. The parameter mapping is the admin guide's
// (docs/admin-guide.md, "6. Migrating from resource-agents"). PURE: the
// lines to print, "# ..." comments among the commands, in the order to run
// them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"
#include "tools/hanfs-check/cluster_config.h"
#include "tools/hanfs-check/node_state.h"

namespace hanfs::check {

// err_configured naming why for a group that does not exist or holds
// something the suite cannot take over (an LVM-activate of a shared VG).
// With NODE (hanfs-check on the node that has the filesystem mounted), an
// exportfs without fsid gets its filesystem's UUID as read there; without,
// the printed commands read it with blkid before the group stops.
Result<std::vector<std::string>> plan_migration(const ClusterConfig& config, std::string_view group,
                                                const NodeState* node = nullptr);

// A word as a POSIX shell reads it back: as it is when it needs no quoting,
// else in single quotes.
std::string shell_word(std::string_view word);

}  // namespace hanfs::check
