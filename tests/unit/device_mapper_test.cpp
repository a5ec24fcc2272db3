#include "common/storage/device_mapper.h"
#include "tests/unit/temp_dir.h"

#include <gtest/gtest.h>

#include <map>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

using namespace hanfs;

namespace {
// A sysfs tree shaped like the kernel's, for two dm devices.
struct FakeSysfs {
  TempDir tmp{"hanfs-sysfs"};
  std::filesystem::path root = tmp.path();
  FakeSysfs() {
    add("dm-10000", "253:10000", "vgx-lv--dash", "LVM-abcdef", "0", {"dm-3"});
    add("dm-3", "253:3", "decoy", "", "1", {});
    std::filesystem::create_directories(root / "block" / "loop0");  // not dm
  }
  void add(const std::string& k, const std::string& dev, const std::string& name, const std::string& uuid,
           const std::string& suspended, const std::vector<std::string>& holders) {
    auto dir = root / "block" / k;
    std::filesystem::create_directories(dir / "dm");
    std::filesystem::create_directories(dir / "holders");
    std::ofstream(dir / "dev") << dev << "\n";
    std::ofstream(dir / "dm" / "name") << name << "\n";
    std::ofstream(dir / "dm" / "uuid") << uuid << "\n";
    std::ofstream(dir / "dm" / "suspended") << suspended << "\n";
    for (const auto& h : holders) std::filesystem::create_directories(dir / "holders" / h);
  }
};
}  // namespace

TEST(DeviceMapper, ListsDmDevicesWithNumbersNamesUuidsAndHolders) {
  FakeSysfs sysfs;
  auto devices = list_dm_devices(sysfs.root.string());
  ASSERT_EQ(devices.size(), 2u);
  const DmDevice& lv = devices[0].minor == 10000 ? devices[0] : devices[1];
  const DmDevice& decoy = devices[0].minor == 10000 ? devices[1] : devices[0];
  EXPECT_EQ(lv.major, 253);
  EXPECT_EQ(lv.name, "vgx-lv--dash");
  EXPECT_EQ(lv.uuid, "LVM-abcdef");
  EXPECT_FALSE(lv.suspended);
  EXPECT_EQ(lv.holders, (std::vector<std::string>{"dm-3"}));
  EXPECT_TRUE(decoy.suspended);
  EXPECT_EQ(decoy.uuid, "");
}

TEST(DeviceMapper, MissingSysfsGivesNoDevices) {
  EXPECT_TRUE(list_dm_devices("/nonexistent").empty());
}

TEST(DeviceMapper, LvmUuidDropsTheDashes) {
  EXPECT_EQ(lvm_dm_uuid("ia8QOq-8vD1", "fYX5NI-PcJP"), "LVM-ia8QOq8vD1fYX5NIPcJP");
}

TEST(DeviceMapper, TheStorageUnderAnLvIsFollowedDownToTheDisksNamingWhatIsSuspended) {
  std::vector<DmDevice> devices(4);
  devices[0].kernel_name = "dm-10000"; devices[0].name = "vg-lv1";
  devices[1].kernel_name = "dm-10001"; devices[1].name = "vg-lv2";
  devices[2].kernel_name = "dm-3"; devices[2].name = "pvfa"; devices[2].suspended = true;
  devices[3].kernel_name = "dm-4"; devices[3].name = "mpatha";
  const std::map<std::string, std::vector<std::string>> slaves{
      {"dm-10000", {"dm-3"}}, {"dm-10001", {"dm-3", "dm-4"}}, {"dm-3", {"loop0"}}, {"dm-4", {"sdb", "sdc"}}};
  const auto slaves_of = [&slaves](const std::string& k) {
    auto it = slaves.find(k);
    return it == slaves.end() ? std::vector<std::string>{} : it->second;
  };
  EXPECT_EQ(describe_storage_under(devices, {"dm-10000", "dm-10001"}, slaves_of), "pvfa (dm-3, suspended), sdb, sdc");
  EXPECT_EQ(describe_storage_under(devices, {"dm-10000"}, slaves_of), "pvfa (dm-3, suspended)");
  EXPECT_EQ(describe_storage_under(devices, {"dm-99"}, slaves_of), "");
}
