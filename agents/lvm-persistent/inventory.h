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

// err_args when the VG is not visible on this node (it may be elsewhere),
// err_configured when a configured LV does not exist in it.
Result<Inventory> take_inventory(const Config& config, const Lvm& lvm);

}  // namespace hanfs::lvm_persistent
