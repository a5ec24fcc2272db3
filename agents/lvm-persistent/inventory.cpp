#include "agents/lvm-persistent/inventory.h"

#include <optional>

#include "agents/lvm-persistent/lv_devices.h"
#include "common/ocf/log.h"

namespace hanfs::lvm_persistent {

namespace {

// Our VG among those LVM lists; nullopt when it is not there.
Result<std::optional<VgRecord>> find_vg(const Config& config, const Lvm& lvm) {
  auto vgs = lvm.vgs();
  if (!vgs) return fail(vgs.error());
  for (const auto& vg : *vgs)
    if (vg.name == config.vg) return std::optional<VgRecord>(vg);
  return std::optional<VgRecord>();
}

}  // namespace

std::vector<LvRecord> managed_lvs(const Config& config, const std::vector<LvRecord>& all_lvs) {
  std::vector<LvRecord> managed;
  for (const auto& lv : all_lvs)
    if (lv.vg_name == config.vg && config.manages(lv.lv_name)) managed.push_back(lv);
  return managed;
}

Result<Inventory> take_inventory(const Config& config, const Lvm& lvm, Rescan rescan) {
  Inventory inv;
  auto vg = find_vg(config, lvm);
  if (!vg) return fail(vg.error());
  if (!*vg && rescan == Rescan::when_vg_missing) {
    log_info("VG %s not listed: rescanning the PVs, LVM's device hints may be stale", config.vg.c_str());
    if (auto ok = lvm.change({"pvscan", "--cache"}, "rescanning the PVs for VG " + config.vg); !ok)
      return fail(ok.error());
    vg = find_vg(config, lvm);
    if (!vg) return fail(vg.error());
  }
  if (!*vg) return fail(OcfStatus::err_args, "volume group " + config.vg + " is not visible on this node");
  inv.vg = **vg;

  auto lvs = lvm.lvs();
  if (!lvs) return fail(lvs.error());
  inv.all_lvs = *lvs;
  inv.managed = managed_lvs(config, inv.all_lvs);
  for (const auto& name : config.lvs) {
    bool exists = false;
    for (const auto& lv : inv.managed) exists = exists || lv.lv_name == name;
    if (!exists) return fail(OcfStatus::err_configured, "LV " + name + " does not exist in VG " + config.vg);
  }
  for (const auto& [name, minor] : config.explicit_minors) {
    bool exists = false;
    for (const auto& lv : inv.managed) exists = exists || lv.lv_name == name;
    if (!exists) return fail(OcfStatus::err_configured, "minors= names LV " + name + ", not in VG " + config.vg);
  }
  if (inv.managed.empty()) return fail(OcfStatus::err_configured, "VG " + config.vg + " has no LV to activate");

  inv.devices = list_dm_devices(lvm.host());
  auto plan = plan_minors(config, inv.managed, inv.all_lvs, inv.devices);
  if (!plan) return fail(plan.error());
  inv.plan = *plan;
  return inv;
}

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

}  // namespace hanfs::lvm_persistent
