#include "common/sys/mounts.h"

#include <gtest/gtest.h>

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

TEST(Mounts, TheRealMountTableParses) {
  EXPECT_FALSE(read_mounts().empty());
}
