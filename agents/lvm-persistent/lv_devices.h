// This node's view of our LVs: their dm devices in sysfs, and what holds an
// LV that is still open (a mount point, or a device stacked on it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/lvm-persistent/config.h"
#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

// The dm uuid the kernel shows for `lv` once it is active.
std::string dm_uuid_of(const LvRecord& lv);

// Our LV's device among `devices`, or nullptr when it is not active here.
const DmDevice* find_device(const std::vector<DmDevice>& devices, const std::string& dm_uuid);

// A device of a VG as the kernel names it, read from sysfs alone: no LVM
// command, so it answers when LVM fails or hangs on the PVs. LVM names a
// device "<vg>-<lv>[-<layer>]" with every '-' of vg and lv doubled and gives
// it a uuid "LVM-<vg uuid><lv uuid>[-<layer>]". `lv` is the LV the device
// belongs to: a layer (-real, -cow, -tpool, -pool) or a sub-LV (data_rimage_0,
// data_rmeta_0, pool_tmeta, pool_tdata: LVM reserves these suffixes) counts
// for its LV, so an LV is active here while any piece of it is.
struct VgDevice {
  const DmDevice* device;
  std::string lv;
};
// The LVM devices (uuid "LVM-...") of `vg` among `devices`.
std::vector<VgDevice> devices_of_vg(const std::vector<DmDevice>& devices, const std::string& vg);
// Pure: the VG and LV of a dm name, nullopt for a name LVM does not make.
struct DmLvName {
  std::string vg, lv, layer;
};
std::optional<DmLvName> split_dm_name(std::string_view name);
// The LVs `config` manages that have a device among `devices`, each once, in
// sysfs order, and "LV(s) a, b of VG v" naming them.
std::vector<std::string> active_managed_lvs(const Config& config, const std::vector<DmDevice>& devices);
std::string describe_lvs(const std::string& vg, const std::vector<std::string>& lvs);

// "mounted on /srv/x", "held by dm-7", or "" when nothing is known to hold it.
std::string holder_of(const Host& host, const DmDevice& device);

}  // namespace hanfs::lvm_persistent
