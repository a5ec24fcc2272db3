// What start activated, kept in the instance's state file so that monitor
// depth 0 can check it from sysfs alone and stop knows what was active when
// LVM cannot list the VG.
#pragma once

#include <string>
#include <vector>

#include "common/ocf/agent.h"
#include "common/ocf/state_file.h"

namespace hanfs::lvm_persistent {

struct ActiveLv {
  std::string name;
  std::string dm_uuid;   // LVM-<vg uuid><lv uuid>
  int minor = -1;
};

struct ActiveState {
  std::string vg;
  std::vector<ActiveLv> lvs;
};

// HA_RSCTMP/hanfs-lvm-persistent-<instance>.state (the name running
// resources already have on disk).
StateFile state_file(const ActionContext& context);
StateValues encode(const ActiveState& state);
Result<ActiveState> decode(const StateValues& values);

}  // namespace hanfs::lvm_persistent
