// stop: deactivate what is active of our LVs; refuse, naming the holder,
// while one is still in use. Nothing active (or no VG, or no LVM): success.
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
    // No VG here (or no LVM at all): then none of its LVs is active, unless
    // sysfs says otherwise.
    auto state = state_store.read();
    auto decoded = state ? decode(*state) : Result<ActiveState>(fail(state.error()));
    if (decoded) {
      const auto devices = list_dm_devices(context.host);
      for (const auto& lv : decoded->lvs)
        if (find_device(devices, lv.dm_uuid))
          return outcome(OcfStatus::err_generic, "LV " + config.vg + "/" + lv.name +
                                                     " is active but LVM cannot list it: " + lvs.error().reason);
    }
    log_info("VG %s not listed (%s): nothing to deactivate", config.vg.c_str(), lvs.error().reason.c_str());
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
  if (config.access == AccessMode::tagging) {  // only tags are given back
    auto vg = lvm.vgs(config.vg);
    if (vg && vg->size() == 1)
      if (auto r = release_ownership(config, vg->front(), lvm); !r) log_warn("%s", r.error().reason.c_str());
  }
  if (auto r = state_store.remove(); !r) log_warn("%s", r.error().reason.c_str());
  return Outcome::success();
}

}  // namespace hanfs::lvm_persistent
