// monitor: depth 0 checks from sysfs alone (no fork) that every LV start
// activated is there on its minor; depth 10 also reads one block of each,
// in one child process, within the deadline even if a device hangs.
#include "agents/lvm-persistent/actions.h"
#include "agents/lvm-persistent/active_state.h"
#include "agents/lvm-persistent/config.h"
#include "agents/lvm-persistent/cross_node.h"
#include "agents/lvm-persistent/lv_devices.h"
#include "common/ocf/log.h"
#include "common/storage/block_read.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

namespace {

// Without a state file (nothing started since boot), a probe still has to
// find LVs someone activated by hand: Pacemaker must know they are active.
Outcome probe_without_state(const ActionContext& context) {
  auto config = parse_config(context.params).strict();
  if (!config) return config.error();
  auto lvs = Lvm(context.host, context.deadline).lvs(config->vg);
  if (!lvs) return outcome(OcfStatus::not_running);
  for (const auto& lv : *lvs)
    if (config->manages(lv.lv_name) && lv.active) {
      log_warn("LV %s is active but was not started by this resource", lv.full_name().c_str());
      return Outcome::success();
    }
  return outcome(OcfStatus::not_running);
}

// Depth 10: one direct read of each LV's first block, all in one child
// process so a hung device cannot hang the agent. A suspended device would
// hang it for certain: said without trying.
Outcome read_blocks(const Host& host, const ActiveState& state, const std::vector<DmDevice>& devices,
                    const Deadline& deadline) {
  std::vector<BlockDevice> reads;
  for (const auto& lv : state.lvs) {
    const auto* d = find_device(devices, lv.dm_uuid);
    const std::string label = "LV " + state.vg + "/" + lv.name;
    if (d->suspended)
      return outcome(OcfStatus::err_generic, label + " (" + d->kernel_name + ") is suspended: I/O would hang");
    reads.push_back({label, host.dev + "/" + d->kernel_name});
  }
  if (auto r = read_first_blocks(reads, deadline); !r) return r.error();
  return Outcome::success();
}

}  // namespace

Outcome monitor(const ActionContext& context) {
  auto values = state_file(context).read();
  if (!values) {
    if (values.error().status != OcfStatus::not_running) return values.error();
    return context.env.is_probe() ? probe_without_state(context) : outcome(OcfStatus::not_running);
  }
  auto state = decode(*values);
  if (!state) return state.error();

  const auto devices = list_dm_devices(context.host);
  std::vector<std::string> missing, misplaced;
  for (const auto& lv : state->lvs) {
    const auto* d = find_device(devices, lv.dm_uuid);
    if (!d) missing.push_back(lv.name);
    else if (d->minor != lv.minor)
      misplaced.push_back(lv.name + " on " + devnum(d->major, d->minor) + " instead of minor " +
                          std::to_string(lv.minor));
  }
  if (missing.size() == state->lvs.size()) {
    if (context.env.is_probe()) return outcome(OcfStatus::not_running);
    return outcome(OcfStatus::err_generic, "VG " + state->vg + " is no longer active on this node");
  }
  if (!missing.empty() || !misplaced.empty()) {
    std::string reason = "VG " + state->vg + ":";
    for (const auto& m : missing) reason += " LV " + m + " is not active;";
    for (const auto& m : misplaced) reason += " LV " + m + ";";
    reason.pop_back();
    return outcome(OcfStatus::err_generic, reason);
  }

  if (context.check_level >= 10)
    if (auto r = read_blocks(context.host, *state, devices, context.deadline); !r.ok()) return r;
  return compare_device_numbers(context, *state, devices);
}

}  // namespace hanfs::lvm_persistent
