// The mount table from /proc/self/mountinfo: which filesystems sit on which
// device, so a refusal can name the mount point that holds a device.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hanfs {

struct MountEntry {
  int major = -1;
  int minor = -1;
  std::string root;          // path inside the filesystem that is mounted
  std::string mount_point;   // octal escapes (\040 for space) decoded
  std::string fs_type;
  std::string source;
};

// Pure: parses mountinfo text; malformed lines are skipped.
std::vector<MountEntry> parse_mountinfo(std::string_view text);
// Reads /proc/self/mountinfo (no fork).
std::vector<MountEntry> read_mounts(const std::string& path = "/proc/self/mountinfo");

}  // namespace hanfs
