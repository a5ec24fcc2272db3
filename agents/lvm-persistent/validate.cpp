// validate-all: everything start would refuse, found without changing
// anything (no pvscan --cache, no metadata write, no activation).
#include "agents/lvm-persistent/actions.h"
#include "agents/lvm-persistent/inventory.h"
#include "agents/lvm-persistent/lv_devices.h"
#include "agents/lvm-persistent/ownership.h"

namespace hanfs::lvm_persistent {

namespace {

// Devices in our range that no LV has persisted there: dynamically numbered
// ones, so the range is not reserved on this node.
Result<void> check_range_is_free(const Config& config, const Inventory& inv) {
  for (const auto& d : inv.devices) {
    if (!config.range.contains(d.minor)) continue;
    bool persisted = false;
    for (const auto& lv : inv.all_lvs)
      persisted = persisted || (lv.persistent_minor == d.minor && dm_uuid_of(lv) == d.uuid);
    if (!persisted)
      return fail(OcfStatus::err_args, "minor_range " + std::to_string(config.range.first) + "-" +
                                           std::to_string(config.range.last) + " overlaps device " + d.name + " (" +
                                           devnum(d.major, d.minor) +
                                           ") on this node: choose a range no dynamic device reaches");
  }
  return {};
}

}  // namespace

Outcome validate(const ActionContext& context) {
  auto config = parse_config(context.params).strict();
  if (!config) return config.error();
  // An LVM that is not installed shows in the first command (err_installed).
  const Lvm lvm(context.host, context.deadline);
  if (auto ok = check_access_mode(*config, lvm); !ok) return ok.error();
  auto inventory = take_inventory(*config, lvm);
  if (!inventory) return inventory.error();
  if (auto ok = check_range_is_free(*config, *inventory); !ok) return ok.error();
  return Outcome::success();
}

}  // namespace hanfs::lvm_persistent
