#include "common/nfs/filesystem_identity.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/sys/command.h"
#include "common/sys/host.h"

using namespace hanfs;

namespace {

// Lines of /proc/self/mountinfo captured in the lab VM, plus a bind mount
// and a btrfs subvolume as the kernel writes them.
const char* mountinfo =
    "21 1 0:19 / / rw,relatime - overlay overlay rw,lowerdir=/lower,upperdir=/upper/up,workdir=/upper/work\n"
    "36 21 0:33 / /srv/lab-nfs rw,relatime shared:15 - tmpfs lab-nfs-root rw,size=1024k,mode=755\n"
    "40 36 254:0 / /srv/lab-nfs/fs1 rw,relatime shared:17 - ext4 /dev/mapper/vgcap-fs1 rw\n"
    "41 21 254:0 /exports/a /mnt/bind\\040here rw,relatime - ext4 /dev/mapper/vgcap-fs1 rw\n"
    "42 21 0:45 /@home /home rw,relatime - btrfs /dev/vdb rw,subvol=/@home\n";

}  // namespace

TEST(FilesystemIdentity, TheMountHoldingAPathIsTheLongestMountPointAboveIt) {
  const auto mounts = parse_mountinfo(mountinfo);
  EXPECT_EQ(mount_holding(mounts, "/srv/lab-nfs/fs1/a")->mount_point, "/srv/lab-nfs/fs1");
  EXPECT_EQ(mount_holding(mounts, "/srv/lab-nfs/fs1")->mount_point, "/srv/lab-nfs/fs1");
  EXPECT_EQ(mount_holding(mounts, "/srv/lab-nfs/fs10")->mount_point, "/srv/lab-nfs");
  EXPECT_EQ(mount_holding(mounts, "/etc")->mount_point, "/");
}

TEST(FilesystemIdentity, PathInsideTheFilesystemIgnoresWhereItIsMounted) {
  const auto mounts = parse_mountinfo(mountinfo);
  EXPECT_EQ(path_inside_filesystem(*mount_holding(mounts, "/srv/lab-nfs/fs1"), "/srv/lab-nfs/fs1"), "/");
  EXPECT_EQ(path_inside_filesystem(*mount_holding(mounts, "/srv/lab-nfs/fs1/exports/a/x"), "/srv/lab-nfs/fs1/exports/a/x"),
            "/exports/a/x");
  // The same directory reached through a bind mount of a subdirectory.
  EXPECT_EQ(path_inside_filesystem(*mount_holding(mounts, "/mnt/bind here/x"), "/mnt/bind here/x"), "/exports/a/x");
  EXPECT_EQ(path_inside_filesystem(*mount_holding(mounts, "/home/u"), "/home/u"), "/@home/u");
}

TEST(FilesystemIdentity, OfStackedMountsTheLastMountedHoldsThePath) {
  const auto mounts = parse_mountinfo(
      "36 21 0:33 / /srv rw - tmpfs a rw\n"
      "37 21 0:34 / /srv rw - tmpfs b rw\n");
  EXPECT_EQ(mount_holding(mounts, "/srv/x")->source, "b");
}

// Without a uevent for the device (no sysfs entry), the device is the mount's
// source, which names the node's /dev: on a Host under a root it is that
// root's /dev too, never the machine's own.
TEST(FilesystemIdentity, WithoutAUeventBlkidIsAskedAboutTheSourceBelowTheHostsDev) {
  Host host = Host::under("/nonexistent/hanfs-node");
  std::vector<std::string> asked;
  host.run = [&](const std::vector<std::string>& argv, const Deadline&, const CommandOptions&) {
    asked = argv;
    CommandResult r;
    r.ending = CommandResult::Ending::exited;
    r.exit_code = 2;  // blkid: no UUID
    return r;
  };
  const auto mounts = parse_mountinfo(mountinfo);
  const auto uuid = filesystem_uuid(host, *mount_holding(mounts, "/home"), Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(uuid) << uuid.error().reason;
  ASSERT_FALSE(asked.empty());
  EXPECT_EQ(asked.back(), "/nonexistent/hanfs-node/dev/vdb");
}
