#include "agents/lvm-persistent/inventory.h"

namespace hanfs::lvm_persistent {

Result<Inventory> take_inventory(const Config& config, const Lvm& lvm) {
  Inventory inv;
  auto vgs = lvm.vgs();
  if (!vgs) return fail(vgs.error());
  bool found = false;
  for (const auto& vg : *vgs)
    if (vg.name == config.vg) { inv.vg = vg; found = true; }
  if (!found)
    return fail(OcfStatus::err_args, "volume group " + config.vg + " is not visible on this node");

  auto lvs = lvm.lvs();
  if (!lvs) return fail(lvs.error());
  inv.all_lvs = *lvs;
  for (const auto& lv : inv.all_lvs)
    if (lv.vg_name == config.vg && config.manages(lv.lv_name)) inv.managed.push_back(lv);
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

}  // namespace hanfs::lvm_persistent
