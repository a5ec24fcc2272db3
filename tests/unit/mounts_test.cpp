#include "common/sys/mounts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

using namespace hanfs;

TEST(Mounts, MountinfoLinesGiveDeviceMountPointTypeAndSource) {
  auto mounts = parse_mountinfo(
      "22 1 0:21 / /proc rw,nosuid shared:12 - proc proc rw\n"
      "40 22 253:10000 / /srv/my\\040share rw,relatime shared:1 master:2 - ext4 /dev/mapper/vgx-lv1 rw\n"
      "41 22 253:10001 /sub /srv/bind rw - xfs /dev/dm-1 rw\n"
      "garbage line\n");
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[1].major, 253);
  EXPECT_EQ(mounts[1].minor, 10000);
  EXPECT_EQ(mounts[1].mount_point, "/srv/my share");
  EXPECT_EQ(mounts[1].fs_type, "ext4");
  EXPECT_EQ(mounts[1].source, "/dev/mapper/vgx-lv1");
  EXPECT_EQ(mounts[2].root, "/sub");
}

TEST(Mounts, ReadOnlyIsTheMountsOwnOptionNotTheSuperblocks) {
  auto mounts = parse_mountinfo(
      "24 22 0:21 /sys/fs/nfs/nlm_grace_period /proc/sys/fs/nfs/nlm_grace_period ro,relatime - proc proc rw\n"
      "25 22 0:22 / /srv/a rw,relatime - ext4 /dev/vdb ro\n"
      "26 22 0:23 / /srv/b rw,relatime,robust - ext4 /dev/vdc rw\n");
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_TRUE(mounts[0].read_only);
  EXPECT_FALSE(mounts[1].read_only);
  EXPECT_FALSE(mounts[2].read_only);
}

TEST(Mounts, TheRealMountTableParses) {
  EXPECT_FALSE(read_mounts().empty());
}

TEST(Mounts, TheMountHoldingADirectoryFollowsASymlinkOnTheRootFilesystemOnly) {
  const auto dir = std::filesystem::temp_directory_path() / ("hanfs-mounts-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "data/srv");
  std::filesystem::create_symlink(dir / "data/srv", dir / "srv");
  const auto mounts = parse_mountinfo("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                                      "30 1 253:3 / " + (dir / "data").string() + " rw - xfs /dev/dm-3 rw\n");
  const auto held = mount_holding_directory(mounts, (dir / "srv/nfs/../nfs/recovery").string());
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->major, 253);
  EXPECT_FALSE(on_root_filesystem(mounts, *held));
  EXPECT_TRUE(on_root_filesystem(mounts, *mount_holding_directory(mounts, (dir / "elsewhere/x").string())));
  std::filesystem::remove_all(dir);
}

TEST(Mounts, ABindMountIsRecognisedFromTheTableByDeviceAndRootWithoutTouchingTheSource) {
  const auto mounts = parse_mountinfo(
      "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
      "40 1 253:3 / /srv/nfs rw - xfs /dev/mapper/vg-data rw\n"
      "41 1 253:3 /recovery/nfsdcltrack /var/lib/nfs/nfsdcltrack rw - xfs /dev/mapper/vg-data rw\n");
  // the source never exists on this host: only the table is read
  EXPECT_TRUE(bind_mounted(mounts, "/srv/nfs/recovery/nfsdcltrack", "/var/lib/nfs/nfsdcltrack"));
  EXPECT_TRUE(bind_mounted(mounts, "/srv/nfs/recovery/nfsdcltrack/", "/var/lib/nfs/nfsdcltrack/"));
  EXPECT_FALSE(bind_mounted(mounts, "/srv/nfs/other/nfsdcltrack", "/var/lib/nfs/nfsdcltrack"));
  EXPECT_FALSE(bind_mounted(mounts, "/srv/nfs/recovery/nfsdcltrack", "/var/lib/nfs"));
  EXPECT_FALSE(bind_mounted(mounts, "/srv/elsewhere/recovery/nfsdcltrack", "/var/lib/nfs/nfsdcltrack"));
}

TEST(Mounts, ABindMountHiddenByALaterMountAtTheSamePointIsNotInPlace) {
  const auto mounts = parse_mountinfo(
      "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
      "40 1 253:3 / /srv/nfs rw - xfs /dev/mapper/vg-data rw\n"
      "41 1 253:3 /recovery/nfsdcltrack /var/lib/nfs/nfsdcltrack rw - xfs /dev/mapper/vg-data rw\n"
      "42 1 0:55 / /var/lib/nfs/nfsdcltrack rw - tmpfs tmpfs rw\n");
  EXPECT_FALSE(bind_mounted(mounts, "/srv/nfs/recovery/nfsdcltrack", "/var/lib/nfs/nfsdcltrack"));
}

TEST(Mounts, ABindFromTheRootFilesystemCarriesItsPathAsTheRoot) {
  const auto mounts = parse_mountinfo(
      "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
      "41 1 8:1 /srv/r/nfsdcltrack /var/lib/nfs/nfsdcltrack rw - ext4 /dev/sda1 rw\n");
  EXPECT_TRUE(bind_mounted(mounts, "/srv/r/nfsdcltrack", "/var/lib/nfs/nfsdcltrack"));
}
