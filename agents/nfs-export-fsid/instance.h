// What this instance keeps on the node between actions: its state file (what
// start exported, for monitor and stop), the lock every instance's start and
// stop take, and the name of the transient exports.d file start writes for
// several directories. The names on disk are those of earlier releases: an
// upgrade finds the state of running resources.
#pragma once

#include <string>

#include "common/ocf/agent.h"
#include "common/ocf/state_file.h"

namespace hanfs::nfs_export_fsid {

// <HA_RSCTMP>/hanfs-nfs-export-fsid-<instance>.state
StateFile instance_state(const ActionContext& context);
// Serialises start and stop of every instance on this node:
// <HA_RSCTMP>/hanfs-nfs-export-fsid.lock
std::string lock_path(const ActionContext& context);
// hanfs-nfs-export-fsid-<instance, made safe for a file name>, without the
// ".exports".
std::string transient_exports_name(const ActionContext& context);
// A start killed between writing its transient file and removing it leaves
// it in exports.d, where the next `exportfs -a` (another instance's start)
// or `exportfs -r` (the NFS server's start at boot) would export it again.
// Every action of the instance removes its own (logged); a start, holding
// the lock, removes every instance's: each exists only while its start
// holds that lock, so any found then is a leftover.
void remove_transient_exports(const ActionContext& context);
void remove_every_transient_exports(const ActionContext& context);

}  // namespace hanfs::nfs_export_fsid
