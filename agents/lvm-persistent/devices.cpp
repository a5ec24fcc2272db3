#include "agents/lvm-persistent/devices.h"

#include "common/sys/mounts.h"

namespace hanfs::lvm_persistent {

const hanfs::DmDevice* find_device(const std::vector<hanfs::DmDevice>& devices, const std::string& dm_uuid) {
  for (const auto& d : devices)
    if (d.uuid == dm_uuid) return &d;
  return nullptr;
}

std::string holder_of(const hanfs::Host& host, const hanfs::DmDevice& device) {
  for (const auto& m : hanfs::read_mounts(host))
    if (m.major == device.major && m.minor == device.minor) return "mounted on " + m.mount_point;
  if (!device.holders.empty()) return "held by " + device.holders.front();
  return {};
}

}  // namespace hanfs::lvm_persistent
