// Device-mapper devices as the kernel shows them in sysfs: read without
// forking, so monitor depth 0 costs a few file reads. The sysfs root is a
// parameter so tests can point at a captured tree.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs {

struct DmDevice {
  std::string kernel_name;   // "dm-10000"
  int major = -1;
  int minor = -1;
  std::string name;          // "vg-lv" (dashes in VG/LV names doubled)
  std::string uuid;          // "LVM-<vg uuid><lv uuid>" for LVs, without dashes
  bool suspended = false;
  std::vector<std::string> holders;  // kernel names of devices stacked on it
};

// Every dm device under <sysfs>/block. Unreadable entries are skipped: a
// device can vanish while we look.
std::vector<DmDevice> list_dm_devices(const std::string& sysfs);
std::vector<DmDevice> list_dm_devices(const Host& host);
// The same, but err_generic when <sysfs>/block cannot be read at all: an
// answer "no device" that can be trusted (a probe's 7).
Result<std::vector<DmDevice>> read_dm_devices(const Host& host);

// The storage under the devices KERNEL_NAMES (their slaves, followed down
// through dm devices to what is not one, each named once), for a reason:
// "pvfa (dm-3, suspended), vdb". A suspended dm device is where I/O waits; a
// disk at the bottom is named, as the kernel cannot tell whether it answers.
// "" when nothing is known under them. Reads <sysfs>/block/*/slaves only
// here (a failing stop's reason), so that listing devices stays cheap.
std::string describe_storage_under(const Host& host, const std::vector<DmDevice>& devices,
                                   const std::vector<std::string>& kernel_names);
// Pure: the same with the slaves given by `slaves_of` (tests).
std::string describe_storage_under(const std::vector<DmDevice>& devices, const std::vector<std::string>& kernel_names,
                                   const std::function<std::vector<std::string>(const std::string&)>& slaves_of);

// The dm uuid LVM gives an LV: "LVM-" + VG uuid + LV uuid, dashes removed.
std::string lvm_dm_uuid(std::string_view vg_uuid, std::string_view lv_uuid);

// "major:minor"
std::string devnum(int major, int minor);

}  // namespace hanfs
