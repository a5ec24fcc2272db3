// One look at LVM and the node's devices, shared by start and validate: our
// VG, its managed LVs, every LV the node sees, the dm devices, and the plan
// of minors. Reading only: nothing here changes LVM or the kernel.
#pragma once

#include <vector>

#include "agents/lvm-persistent/config.h"
#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"
#include "agents/lvm-persistent/minors.h"

namespace hanfs::lvm_persistent {

struct Inventory {
  VgRecord vg;
  std::vector<LvRecord> managed;
  std::vector<LvRecord> all_lvs;
  std::vector<DmDevice> devices;
  std::vector<MinorAssignment> plan;
};

enum class Rescan { no, when_vg_missing };

// err_args when the VG is not visible on this node (it may be elsewhere),
// err_configured when a configured LV does not exist in it. With
// Rescan::when_vg_missing (start) a VG LVM does not list is looked for once
// more after `pvscan --cache`: after a storage hang LVM's device hints
// (/run/lvm/hints) can leave out PVs that are back, and pvscan --cache is
// the command that ignores the hints and writes them anew.
Result<Inventory> take_inventory(const Config& config, const Lvm& lvm, Rescan rescan = Rescan::no);

// The LVs of `all_lvs` this instance manages.
std::vector<LvRecord> managed_lvs(const Config& config, const std::vector<LvRecord>& all_lvs);

// err_args when a device on this node is in minor_range on a minor no LV
// persisted for it (a dynamically numbered one): the range is not reserved.
Result<void> check_range_is_free(const Config& config, const Inventory& inv);

}  // namespace hanfs::lvm_persistent
