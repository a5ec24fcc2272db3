// The mount table from /proc/self/mountinfo: which filesystems sit on which
// device, so a refusal can name the mount point that holds a device.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs {

struct MountEntry {
  int major = -1;
  int minor = -1;
  std::string root;          // path inside the filesystem that is mounted
  std::string mount_point;   // octal escapes (\040 for space) decoded
  std::string fs_type;
  std::string source;
  bool read_only = false;    // the mount's own options (field 6) say "ro"
};

// Pure: parses mountinfo text; malformed lines are skipped.
std::vector<MountEntry> parse_mountinfo(std::string_view text);
// Pure: the mount that holds `path` (absolute, symlinks resolved), i.e. the
// one with the longest mount point that is `path` or an ancestor of it; of
// several stacked there, the last mounted. nullptr when none.
const MountEntry* mount_holding(const std::vector<MountEntry>& mounts, const std::string& path);
// Reads /proc/self/mountinfo (no fork).
std::vector<MountEntry> read_mounts(const std::string& path = "/proc/self/mountinfo");
// The host's mount table (<proc>/self/mountinfo).
std::vector<MountEntry> read_mounts(const Host& host);

// PATH (absolute) normalised lexically, never with realpath, which could
// hang on shared storage: a component that is itself on the root filesystem
// is lstat'ed, and followed when it is a symlink (that cannot hang); nothing
// below another mount is touched, so a symlink there stays as it is.
std::string resolve_through_root_filesystem(const std::vector<MountEntry>& mounts, const std::string& path);
// The mount that holds PATH (resolved as above): the longest mount point
// that is a prefix of it, the last mounted when several share one. nullopt
// when the table has no mount for it (an empty table).
std::optional<MountEntry> mount_holding_directory(const std::vector<MountEntry>& mounts, const std::string& path);
// True when MOUNT is the root filesystem: mounted on "/", or the same device.
bool on_root_filesystem(const std::vector<MountEntry>& mounts, const MountEntry& mount);
// Records in PATH must reach the service's filesystem: err_generic (1) when
// PATH is on the root filesystem (that filesystem is not mounted, records
// would land on / and be lost at failover) or the mount table cannot be read.
// WHAT names the parameter in the reason, OVERRIDE_PARAM the agent's boolean
// that allows the root filesystem (none: "").
Result<void> check_off_root_filesystem(const Host& host, std::string_view what, const std::string& path,
                                       std::string_view override_param);

// Pure: SOURCE is bind-mounted on TARGET (both absolute): the top mount at
// TARGET is of the filesystem holding SOURCE (mount_holding_directory) and
// its root is SOURCE's path inside that filesystem. From the mount table
// alone, never a stat: SOURCE is on shared storage, which can be frozen.
bool bind_mounted(const std::vector<MountEntry>& mounts, const std::string& source, const std::string& target);
// mount --bind SOURCE TARGET (the mount(2) call, no fork); err_generic.
Result<void> bind_mount(const std::string& source, const std::string& target);
// Unmounts TARGET; when something still has it open (EBUSY) it is detached
// instead, so the filesystem below can go as soon as that ends.
Result<void> unmount(const std::string& target);

}  // namespace hanfs
