// monitor: depth 0 checks from sysfs alone (no fork) that every LV start
// activated is there on its minor; depth 10 also reads one block of each,
// within the deadline even if the device hangs.
#include "actions.h"
#include "config.h"
#include "cross_node.h"
#include "devices.h"
#include "log.h"
#include "lvm.h"
#include "run_command.h"

namespace lvm_persistent {

using hanfs::Outcome;
using hanfs::OcfStatus;
using hanfs::outcome;

namespace {

// Without a state file (nothing started since boot), a probe still has to
// find LVs someone activated by hand: Pacemaker must know they are active.
Outcome probe_without_state(const hanfs::ActionContext& context) {
  auto config = read_config(context.params);
  if (!config) return config.error();
  auto lvs = hanfs::Lvm(context.deadline).lvs(config->vg);
  if (!lvs) return outcome(OcfStatus::not_running);
  for (const auto& lv : *lvs)
    if (config->manages(lv.lv_name) && lv.active) {
      hanfs::log_warn("LV %s is active but was not started by this resource", lv.full_name().c_str());
      return Outcome::success();
    }
  return outcome(OcfStatus::not_running);
}

// One direct read of the device's first block, in a child so that a hung
// device cannot hang the agent (a read in the kernel is not interruptible).
Outcome read_block(const hanfs::DmDevice& d, const std::string& lv, const hanfs::Deadline& deadline) {
  if (d.suspended)
    return outcome(OcfStatus::err_generic, "LV " + lv + " (" + d.kernel_name + ") is suspended: I/O would hang");
  auto r = hanfs::run_command({"dd", "if=/dev/" + d.kernel_name, "of=/dev/null", "bs=4096", "count=1",
                               "iflag=direct", "status=none"},
                              deadline);
  if (r.ok()) return Outcome::success();
  return outcome(OcfStatus::err_generic, "reading LV " + lv + " failed: " + r.describe_with_stderr());
}

}  // namespace

Outcome monitor(const hanfs::ActionContext& context) {
  auto values = state_file(context).read();
  if (!values) {
    if (values.error().status != OcfStatus::not_running) return values.error();
    return context.env.is_probe() ? probe_without_state(context) : outcome(OcfStatus::not_running);
  }
  auto state = decode(*values);
  if (!state) return state.error();

  const auto devices = hanfs::list_dm_devices();
  std::vector<std::string> missing, misplaced;
  for (const auto& lv : state->lvs) {
    const auto* d = find_device(devices, lv.dm_uuid);
    if (!d) missing.push_back(lv.name);
    else if (d->minor != lv.minor)
      misplaced.push_back(lv.name + " on " + hanfs::devnum(d->major, d->minor) + " instead of minor " +
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
    for (const auto& lv : state->lvs)
      if (auto r = read_block(*find_device(devices, lv.dm_uuid), state->vg + "/" + lv.name, context.deadline);
          !r.ok())
        return r;
  return compare_device_numbers(context, *state, devices);
}

}  // namespace lvm_persistent
