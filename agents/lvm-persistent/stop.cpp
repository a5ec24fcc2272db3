// stop: deactivate what is active of our LVs; refuse, naming the holder,
// while one is still in use. What is active is the kernel's word (sysfs),
// not the state file's: nothing of ours there (or no VG, or no LVM) is
// success; something left there after deactivating is 1.
// A broken configuration stops what parsed of it (parse_config's value):
// the same VG and LVs start would have activated.
#include "agents/lvm-persistent/actions.h"
#include "agents/lvm-persistent/active_state.h"
#include "agents/lvm-persistent/config.h"
#include "agents/lvm-persistent/lv_devices.h"
#include "agents/lvm-persistent/ownership.h"
#include "common/ocf/log.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

namespace {

// 1 naming our LVs the kernel still shows (an unreadable sysfs is 1 too):
// a stop that cannot deactivate must fail, so that Pacemaker fences.
Outcome still_active(const ActionContext& context, const Config& config, const std::string& why) {
  auto devices = read_dm_devices(context.host);
  if (!devices) return outcome(OcfStatus::err_generic, "cannot tell whether VG " + config.vg +
                                                           " is still active: " + devices.error().reason);
  const auto active = active_managed_lvs(config, *devices);
  if (active.empty()) return Outcome::success();
  return outcome(OcfStatus::err_generic, describe_lvs(config.vg, active) + " still active after stop" + why);
}

// LVM cannot list the VG (it failed, hung, or the VG is gone): the kernel
// says what is active. Nothing of ours: done. Something: deactivated by name
// with lvchange while time is left (a failure that was no hang may have
// passed), refused while mounted or held; what stays active is 1. No
// `dmsetup remove` behind LVM: a device over a frozen PV can block its
// removal in the kernel as it blocks I/O, and an open device cannot be
// removed at all; fencing is the answer to both.
Outcome stop_without_lvm(const ActionContext& context, const Config& config, const Lvm& lvm, const std::string& why) {
  auto devices = read_dm_devices(context.host);
  if (!devices) return outcome(OcfStatus::err_generic, "LVM cannot list VG " + config.vg + " (" + why +
                                                           ") and " + devices.error().reason);
  const auto active = active_managed_lvs(config, *devices);
  if (active.empty()) {
    log_info("VG %s not listed (%s), and none of its LVs is active: nothing to deactivate", config.vg.c_str(),
             why.c_str());
    return Outcome::success();
  }
  const auto ours = devices_of_vg(*devices, config.vg);
  for (const auto& d : ours) {
    if (!config.manages(d.lv)) continue;
    std::string holder = holder_of(context.host, *d.device);
    if (holder.starts_with("held by ")) {
      const std::string by = holder.substr(8);
      bool own = false;  // a piece of one of our LVs holding another (data over data_rimage_0)
      for (const auto& o : ours) own = own || (o.device->kernel_name == by && config.manages(o.lv));
      if (own) holder.clear();
    }
    if (!holder.empty())
      return outcome(OcfStatus::err_generic, "LV " + config.vg + "/" + d.lv + " is still in use (" + holder +
                                                 ") and LVM cannot list VG " + config.vg + ": " + why);
  }
  log_warn("LVM cannot list VG %s (%s), but the kernel shows %s active: deactivating them by name",
           config.vg.c_str(), why.c_str(), describe_lvs(config.vg, active).c_str());
  // Name the storage: a frozen PV is why LVM hangs, and what to look at.
  std::vector<std::string> knames;
  for (const auto& d : ours) knames.push_back(d.device->kernel_name);
  const std::string storage = describe_storage_under(context.host, *devices, knames);
  std::string tried = "; LVM cannot list the VG: " + why + (storage.empty() ? "" : "; its storage: " + storage);
  if (!context.deadline.expired()) {
    std::vector<std::string> argv{"lvchange", "--activate", "n"};
    for (const auto& lv : active) argv.push_back(config.vg + "/" + lv);
    if (auto r = lvm.change(argv, "deactivating VG " + config.vg); !r) tried += "; " + r.error().reason;
  }
  return still_active(context, config, tried);
}

}  // namespace

Outcome stop(const ActionContext& context) {
  const auto parsed = parse_config(context.params);
  const Config& config = parsed.for_stop();
  const auto state_store = state_file(context);
  if (config.vg.empty()) {
    log_warn("stop without a valid vgname: nothing of ours can be active");
    (void)state_store.remove();
    return Outcome::success();
  }
  const Lvm lvm(context.host, context.deadline);
  auto lvs = lvm.lvs(config.vg);
  if (!lvs) {
    if (auto r = stop_without_lvm(context, config, lvm, lvs.error().reason); !r.ok()) return r;
    (void)state_store.remove();
    return Outcome::success();
  }

  std::vector<std::string> argv{"lvchange", "--activate", "n"};
  const auto devices = list_dm_devices(context.host);
  for (const auto& lv : *lvs) {
    if (!config.manages(lv.lv_name) || !lv.active) continue;
    if (lv.open) {
      const auto* d = find_device(devices, dm_uuid_of(lv));
      const std::string holder = d ? holder_of(context.host, *d) : "";
      return outcome(OcfStatus::err_generic, "LV " + lv.full_name() + " is still in use" +
                                                 (holder.empty() ? " (open by a process)" : " (" + holder + ")") +
                                                 ": stop what uses it first");
    }
    argv.push_back(lv.full_name());
  }
  if (argv.size() > 3) {
    if (auto r = lvm.change(argv, "deactivating VG " + config.vg); !r) return r.error();
  }
  if (auto r = still_active(context, config, ""); !r.ok()) return r;
  if (config.access == AccessMode::tagging) {  // only tags are given back
    auto vg = lvm.vgs(config.vg);
    if (vg && vg->size() == 1)
      if (auto r = release_ownership(config, vg->front(), lvm); !r) log_warn("%s", r.error().reason.c_str());
  }
  if (auto r = state_store.remove(); !r) log_warn("%s", r.error().reason.c_str());
  return Outcome::success();
}

}  // namespace hanfs::lvm_persistent
