// Which filesystem holds a directory, and what identifies that filesystem
// on every node: its UUID (as blkid reports it) and the directory's path
// inside it. st_dev and statfs's f_fsid are no use for that: both follow
// the device number, which is what changes across a failover.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/core/deadline.h"
#include "common/sys/host.h"
#include "common/sys/mounts.h"
#include "common/core/ocf_status.h"
#include "common/nfs/uuid.h"

namespace hanfs {

// mount_holding: common/sys/mounts.h.
// Pure: `path`'s path inside its filesystem: the mount's root plus the part
// of `path` below the mount point ("/" for the filesystem's root).
std::string path_inside_filesystem(const MountEntry& mount, const std::string& path);

// The UUID of the filesystem on `mount` (nullopt: none, e.g. tmpfs): the
// block device from sysfs (else the mount source), then
// `blkid -p -o value -s UUID <device>` within the deadline. blkid knows every
// filesystem libblkid knows (ext*, xfs, btrfs...), probes the device rather
// than a cache, and runs in a process the deadline can abandon if the device
// hangs; the agent itself never blocks on the device.
Result<std::optional<Uuid>> filesystem_uuid(const Host& host, const MountEntry& mount, const Deadline& deadline);

}  // namespace hanfs
