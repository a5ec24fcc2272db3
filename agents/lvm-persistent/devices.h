// This node's view of our LVs: their dm devices in sysfs, and what holds an
// LV that is still open (a mount point, or a device stacked on it).
#pragma once

#include <string>
#include <vector>

#include "common/storage/device_mapper.h"
#include "agents/lvm-persistent/state.h"

namespace hanfs::lvm_persistent {

// Our LV's device among `devices`, or nullptr when it is not active here.
const hanfs::DmDevice* find_device(const std::vector<hanfs::DmDevice>& devices, const std::string& dm_uuid);

// "mounted on /srv/x", "held by dm-7", or "" when nothing is known to hold it.
std::string holder_of(const hanfs::Host& host, const hanfs::DmDevice& device);

}  // namespace hanfs::lvm_persistent
