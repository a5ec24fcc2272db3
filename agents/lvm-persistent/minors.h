// Which minor each managed LV gets. Pure: decided from the LVM report and
// the devices on this node, so it is unit-tested without LVM.
//
// An LV that has a persistent minor keeps it. One without gets the minor
// given in minors=, or else the lowest in minor_range that no other LV of any
// VG this node sees has persisted, no other LV of this plan takes, and no
// device on this node uses. The minor is then stored in the shared VG
// metadata, so every node reads the same number.
#pragma once

#include <string>
#include <vector>

#include "agents/lvm-persistent/config.h"
#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

struct MinorAssignment {
  LvRecord lv;
  int minor = -1;
  bool to_persist = false;   // lvchange --persistent y --minor must store it
};

// `managed`: the LVs of our VG this resource manages. `all_lvs`: every LV
// this node sees (all VGs, ours included). `devices`: this node's dm devices.
// err_configured for a conflict in the shared metadata (the same on every
// node); err_args when this node has a device on the minor (named, with what
// holds it).
Result<std::vector<MinorAssignment>> plan_minors(const Config& config, const std::vector<LvRecord>& managed,
                                                 const std::vector<LvRecord>& all_lvs,
                                                 const std::vector<DmDevice>& devices);

}  // namespace hanfs::lvm_persistent
