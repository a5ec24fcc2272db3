// What start activated, kept in the instance's state file so that monitor
// depth 0 can check it from sysfs alone and stop knows what to deactivate.
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

hanfs::StateFile state_file(const hanfs::ActionContext& context);
hanfs::StateValues encode(const ActiveState& state);
hanfs::Result<ActiveState> decode(const hanfs::StateValues& values);

}  // namespace hanfs::lvm_persistent
