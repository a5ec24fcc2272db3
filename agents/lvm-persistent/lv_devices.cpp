#include "agents/lvm-persistent/lv_devices.h"

#include "common/sys/mounts.h"

namespace hanfs::lvm_persistent {

std::string dm_uuid_of(const LvRecord& lv) { return lvm_dm_uuid(lv.vg_uuid, lv.lv_uuid); }

const DmDevice* find_device(const std::vector<DmDevice>& devices, const std::string& dm_uuid) {
  for (const auto& d : devices)
    if (d.uuid == dm_uuid) return &d;
  return nullptr;
}

std::string holder_of(const Host& host, const DmDevice& device) {
  for (const auto& m : read_mounts(host))
    if (m.major == device.major && m.minor == device.minor) return "mounted on " + m.mount_point;
  if (!device.holders.empty()) return "held by " + device.holders.front();
  return {};
}

}  // namespace hanfs::lvm_persistent
