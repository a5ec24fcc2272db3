#include "common/nfs/filesystem_identity.h"

#include "common/sys/command.h"
#include "common/core/text.h"
#include "common/sys/text_file.h"

namespace hanfs {

namespace {

// /dev/<DEVNAME> from /sys/dev/block/M:m/uevent, else the mount's source
// when it is in /dev; either way below the host's /dev (the source, read from
// the host's mountinfo, names the node's).
std::string device_node(const Host& host, const MountEntry& mount) {
  auto uevent = read_text_file(host.sys + "/dev/block/" + std::to_string(mount.major) + ":" + std::to_string(mount.minor) +
                               "/uevent");
  for (const auto& line : text::lines(uevent ? *uevent : std::string()))
    if (line.starts_with("DEVNAME=")) return host.dev + "/" + line.substr(8);
  return mount.source.starts_with("/dev/") ? host.dev + mount.source.substr(4) : std::string();
}

}  // namespace

std::string path_inside_filesystem(const MountEntry& mount, const std::string& path) {
  std::string below = mount.mount_point == "/" ? path : path.substr(mount.mount_point.size());
  std::string inside = mount.root == "/" ? below : mount.root + below;
  if (inside.empty()) inside = "/";
  while (inside.size() > 1 && inside.back() == '/') inside.pop_back();
  return inside;
}

Result<std::optional<Uuid>> filesystem_uuid(const Host& host, const MountEntry& mount, const Deadline& deadline) {
  const std::string device = device_node(host, mount);
  if (device.empty()) return std::optional<Uuid>{};
  auto blkid = host.run({"blkid", "-p", "-o", "value", "-s", "UUID", device}, deadline, {});
  if (blkid.ending == CommandResult::Ending::exited && blkid.exit_code == 2) return std::optional<Uuid>{};
  if (!blkid.ok())
    return fail(blkid.failure_status(),
                "blkid -p " + device + ": " + blkid.describe_with_stderr());
  return parse_uuid(text::trim(blkid.out));
}

}  // namespace hanfs
