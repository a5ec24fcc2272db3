// stop: deactivate what is active of our LVs; refuse, naming the holder,
// while one is still in use. Nothing active (or no VG, or no LVM): success.
#include "agents/lvm-persistent/actions.h"
#include "agents/lvm-persistent/devices.h"
#include "common/ocf/log.h"
#include "common/storage/lvm.h"
#include "agents/lvm-persistent/ownership.h"
#include "common/core/text.h"

namespace hanfs::lvm_persistent {

using hanfs::Outcome;
using hanfs::OcfStatus;
using hanfs::outcome;

namespace {

// Stop runs with whatever parameters parsed: the VG name is all it needs.
Config config_for_stop(const hanfs::ActionContext& context) {
  auto full = read_config(context.params);
  if (full) return *full;
  Config minimal;
  if (context.params.has("vgname")) minimal.vg = std::string(hanfs::text::trim(context.params.string("vgname")));
  if (context.params.has("lvname"))
    for (const auto& lv : hanfs::text::split_words(context.params.string("lvname"))) minimal.lvs.push_back(lv);
  minimal.access = AccessMode::system_id;  // nothing to give back
  return minimal;
}

}  // namespace

Outcome stop(const hanfs::ActionContext& context) {
  const Config config = config_for_stop(context);
  const auto state_store = state_file(context);
  if (!hanfs::valid_lvm_name(config.vg)) {
    hanfs::log_warn("stop without a valid vgname: nothing of ours can be active");
    (void)state_store.remove();
    return Outcome::success();
  }
  const hanfs::Lvm lvm(context.host, context.deadline);
  auto lvs = lvm.lvs(config.vg);
  if (!lvs) {
    // No VG here (or no LVM at all): then none of its LVs is active, unless
    // sysfs says otherwise.
    auto state = state_store.read();
    auto decoded = state ? decode(*state) : hanfs::Result<ActiveState>(hanfs::fail(state.error()));
    if (decoded) {
      const auto devices = hanfs::list_dm_devices(context.host);
      for (const auto& lv : decoded->lvs)
        if (find_device(devices, lv.dm_uuid))
          return outcome(OcfStatus::err_generic, "LV " + config.vg + "/" + lv.name +
                                                     " is active but LVM cannot list it: " + lvs.error().reason);
    }
    hanfs::log_info("VG %s not listed (%s): nothing to deactivate", config.vg.c_str(), lvs.error().reason.c_str());
    (void)state_store.remove();
    return Outcome::success();
  }

  std::vector<std::string> argv{"lvchange", "--activate", "n"};
  const auto devices = hanfs::list_dm_devices(context.host);
  for (const auto& lv : *lvs) {
    if (!config.manages(lv.lv_name) || !lv.active) continue;
    if (lv.open) {
      const auto* d = find_device(devices, hanfs::lvm_dm_uuid(lv.vg_uuid, lv.lv_uuid));
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
      if (auto r = release_ownership(config, vg->front(), lvm); !r) hanfs::log_warn("%s", r.error().reason.c_str());
  }
  if (auto r = state_store.remove(); !r) hanfs::log_warn("%s", r.error().reason.c_str());
  return Outcome::success();
}

}  // namespace hanfs::lvm_persistent
