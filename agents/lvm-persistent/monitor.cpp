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

// Without a state file (none since boot, or start was killed before it
// wrote one, or HA_RSCTMP was lost) the kernel says what is active: the VG's
// dm devices in sysfs, read without LVM. None of the LVs this resource
// manages there: 7, whatever LVM says. Some there: a probe asks LVM for the
// rest (0 with a warning: Pacemaker must know they are active here, so it
// starts them nowhere else); LVM failing or hanging: 1, since the minors
// cannot be told and the stop that follows deactivates or fences. A
// recurring monitor with no record of a start: 1 naming them.
// A broken configuration is not 6 here: a probe reports what is active, from
// the values that parsed (those stop acts on); start and validate-all refuse
// it. 6 on a probe would ban the resource from every node while the LVs stay
// active on this one.
Outcome without_state(const ActionContext& context) {
  const auto parsed = parse_config(context.params);
  for (const auto& p : parsed.problems) log_warn("%s (start refuses it)", p.reason.c_str());
  const Config& config = parsed.value;
  if (config.vg.empty()) return outcome(OcfStatus::not_running, "no valid vgname: nothing of it can be active");
  auto devices = read_dm_devices(context.host);
  if (!devices) return outcome(OcfStatus::err_generic, "cannot tell what is active: " + devices.error().reason);
  const auto active = active_managed_lvs(config, *devices);
  if (active.empty()) return outcome(OcfStatus::not_running);
  const std::string lvs_text = describe_lvs(config.vg, active);
  if (!context.env.is_probe())
    return outcome(OcfStatus::err_generic, lvs_text + " active on this node, but this resource has no record "
                                                      "of starting them (state file lost)");
  auto lvs = Lvm(context.host, context.deadline).lvs(config.vg);
  if (!lvs)
    return outcome(OcfStatus::err_generic,
                   lvs_text + " active on this node (kernel), and LVM cannot list the VG: " + lvs.error().reason);
  log_warn("%s active but not started by this resource", lvs_text.c_str());
  return Outcome::success();
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

// "vg-lv--logs" -> "lv-logs": the LV part of a dm name (dashes doubled).
std::string lv_of_dm_name(const std::string& dm_name) {
  std::size_t i = 0;
  while (i < dm_name.size() && !(dm_name[i] == '-' && (i + 1 == dm_name.size() || dm_name[i + 1] != '-')))
    i += dm_name[i] == '-' ? 2 : 1;
  std::string lv;
  for (std::size_t j = i + 1; j < dm_name.size(); ++j) {
    lv += dm_name[j];
    if (dm_name[j] == '-') ++j;
  }
  return lv;
}

// LVs of our VG active here that start did not activate (created since, by
// lvcreate, which activates on a dynamic minor): the instance manages every
// LV of the VG (no lvname), so they are part of it without the promise of a
// persistent minor until the next start. Found in sysfs by the VG uuid
// prefix of the dm uuids start recorded; LVM's internal sub-LVs ("-tpool",
// "-cow" suffixes) are longer and not counted.
Outcome report_unstarted_lvs(const ActionContext& context, const ActiveState& state,
                             const std::vector<DmDevice>& devices) {
  auto config = parse_config(context.params).strict();
  if (!config || !config->lvs.empty() || state.lvs.empty()) return Outcome::success();
  const std::string& first = state.lvs.front().dm_uuid;
  const std::string vg_prefix = first.substr(0, first.size() - 32);
  std::string reason;
  for (const auto& d : devices) {
    if (d.uuid.size() != first.size() || !d.uuid.starts_with(vg_prefix)) continue;
    bool started = false;
    for (const auto& lv : state.lvs) started = started || lv.dm_uuid == d.uuid;
    if (started) continue;
    reason += (reason.empty() ? "" : "; ") + std::string("LV ") + state.vg + "/" + lv_of_dm_name(d.name) +
              " is active as " + devnum(d.major, d.minor) + " but was not started by this resource";
  }
  if (reason.empty()) return Outcome::success();
  return outcome(OcfStatus::degraded, reason + ": it has no persistent minor until the resource is restarted");
}

}  // namespace

Outcome monitor(const ActionContext& context) {
  auto values = state_file(context).read();
  if (!values) {
    if (values.error().status != OcfStatus::not_running) return values.error();
    return without_state(context);
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
  if (auto numbers = compare_device_numbers(context, *state, devices); !numbers.ok()) return numbers;
  return report_unstarted_lvs(context, *state, devices);
}

}  // namespace hanfs::lvm_persistent
