// This node's view of our LVs: their dm devices in sysfs, and what holds an
// LV that is still open (a mount point, or a device stacked on it).
#pragma once

#include <string>
#include <vector>

#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

// The dm uuid the kernel shows for `lv` once it is active.
std::string dm_uuid_of(const LvRecord& lv);

// Our LV's device among `devices`, or nullptr when it is not active here.
const DmDevice* find_device(const std::vector<DmDevice>& devices, const std::string& dm_uuid);

// "mounted on /srv/x", "held by dm-7", or "" when nothing is known to hold it.
std::string holder_of(const Host& host, const DmDevice& device);

}  // namespace hanfs::lvm_persistent
