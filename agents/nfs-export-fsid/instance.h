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

}  // namespace hanfs::nfs_export_fsid
