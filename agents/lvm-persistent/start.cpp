// start: own the VG, give every LV its persistent minor (one start at a time
// on this node, re-checked against the others: minors.h), activate, verify.
#include "agents/lvm-persistent/actions.h"
#include "agents/lvm-persistent/active_state.h"
#include "agents/lvm-persistent/cross_node.h"
#include "agents/lvm-persistent/inventory.h"
#include "agents/lvm-persistent/lv_devices.h"
#include "agents/lvm-persistent/ownership.h"
#include "common/ocf/log.h"
#include "common/sys/file_lock.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace hanfs::lvm_persistent {

namespace {

// With PVs missing, majority_pvs refuses a node that sees half or less.
Result<void> check_pv_majority(const Config& config, const VgRecord& vg) {
  if (!config.majority_pvs || vg.missing_pv_count == 0) return {};
  const int present = vg.pv_count - vg.missing_pv_count;
  if (present * 2 > vg.pv_count) return {};
  return fail(OcfStatus::err_args, "only " + std::to_string(present) + " of " + std::to_string(vg.pv_count) +
                                       " PVs of VG " + vg.name + " are visible here and majority_pvs is set");
}

Result<void> persist_minors(const std::vector<MinorAssignment>& plan, const Lvm& lvm) {
  for (const auto& a : plan) {
    if (!a.to_persist) continue;
    log_info("storing persistent minor %d for LV %s", a.minor, a.lv.full_name().c_str());
    auto r = lvm.change({"lvchange", "--yes", "--persistent", "y", "--minor", std::to_string(a.minor),
                         a.lv.full_name()},
                        "storing minor " + std::to_string(a.minor) + " for LV " + a.lv.full_name());
    if (!r) return r;
  }
  return {};
}

// How often a minors= minor another start stored too is read again before
// it counts as an administrator's clash (err_configured), and how long apart.
constexpr unsigned max_waits = 8;
constexpr auto wait_pause = std::chrono::milliseconds(250);

// The node lock that serialises the choice of minors between the starts of
// all lvm-persistent instances on this node. In /run/lock: node-local tmpfs
// (never on the shared storage a lock could hang on, never shared with the
// other nodes, whose starts converge through recheck_minors instead), emptied
// at boot, and the same for every instance whatever its HA_RSCTMP.
std::string minors_lock_path(const Host& host) { return host.run_dir + "/lock/hanfs-lvm-persistent-minors.lock"; }

// Store the plan, read LVM again, re-check (minors.h) until every minor is
// ours alone; the plan to activate, as LVM now reports its LVs.
Result<std::vector<MinorAssignment>> settle_minors(const Config& config, std::vector<MinorAssignment> plan,
                                                   const Lvm& lvm, const Deadline& deadline) {
  for (unsigned attempt = 1;; ++attempt) {
    if (auto ok = persist_minors(plan, lvm); !ok) return fail(ok.error());
    auto all_lvs = lvm.lvs();
    if (!all_lvs) return fail(all_lvs.error());
    auto check = recheck_minors(config, managed_lvs(config, *all_lvs), *all_lvs, list_dm_devices(lvm.host()), attempt);
    if (!check) return fail(check.error());
    if (check->clean()) return check->plan;
    for (const auto& line : check->yielded) log_warn("%s: choosing again", line.c_str());
    if (check->waiting && attempt >= max_waits)
      return fail(OcfStatus::err_configured, "waited in vain for " + check->waiting_for);
    if (deadline.remaining() <= (check->waiting ? wait_pause : std::chrono::milliseconds(0)))
      return fail(OcfStatus::err_generic,
                  "the minors of VG " + config.vg + " did not settle before the timeout: " +
                      (check->yielded.empty() ? "waiting for " + check->waiting_for : check->yielded.back()));
    if (check->waiting) std::this_thread::sleep_for(wait_pause);
    plan = check->plan;
  }
}

Result<void> activate(const Config& config, const std::vector<MinorAssignment>& plan, const Lvm& lvm) {
  std::vector<std::string> argv{"lvchange", "--activate", "y", "--activationmode", config.activation_mode};
  for (const auto& arg : activation_config(config)) argv.push_back(arg);
  std::size_t inactive = 0;
  for (const auto& a : plan)
    if (!a.lv.active) { argv.push_back(a.lv.full_name()); ++inactive; }
  if (inactive == 0) return {};
  return lvm.change(argv, "activating VG " + config.vg);
}

// The kernel must show every LV on exactly its minor: this is the promise.
Result<ActiveState> verify(const Config& config, const std::vector<MinorAssignment>& plan, const Host& host) {
  const auto devices = list_dm_devices(host);
  ActiveState state{config.vg, {}};
  for (const auto& a : plan) {
    const std::string uuid = dm_uuid_of(a.lv);
    const DmDevice* d = find_device(devices, uuid);
    if (!d) return fail(OcfStatus::err_generic, "LV " + a.lv.full_name() + " has no device after activation");
    if (d->minor != a.minor)
      return fail(OcfStatus::err_generic, "LV " + a.lv.full_name() + " came up as " + devnum(d->major, d->minor) +
                                              ", not on its persistent minor " + std::to_string(a.minor));
    state.lvs.push_back({a.lv.lv_name, uuid, a.minor});
    log_info("LV %s active as %s", a.lv.full_name().c_str(), devnum(d->major, d->minor).c_str());
  }
  return state;
}

// Undoes our activation when verification fails: never leave half a start.
void roll_back(const std::vector<MinorAssignment>& plan, const Lvm& lvm) {
  std::vector<std::string> argv{"lvchange", "--activate", "n"};
  for (const auto& a : plan)
    if (!a.lv.active) argv.push_back(a.lv.full_name());
  if (argv.size() > 3) (void)lvm.change(argv, "rolling back the activation");
}

}  // namespace

Outcome start(const ActionContext& context) {
  auto config = parse_config(context.params).strict();
  if (!config) return config.error();
  const Lvm lvm(context.host, context.deadline);
  auto system_id = check_access_mode(*config, lvm);
  if (!system_id) return system_id.error();
  // The choice of minors, under the node lock: inventory, store, re-check.
  std::vector<MinorAssignment> plan;
  {
    auto lock = FileLock::acquire(minors_lock_path(context.host), context.deadline);
    if (!lock) return lock.error();
    auto inventory = take_inventory(*config, lvm, Rescan::when_vg_missing);
    if (!inventory) return inventory.error();
    if (auto ok = check_pv_majority(*config, inventory->vg); !ok) return ok.error();
    if (auto ok = check_range_is_free(*config, *inventory); !ok) return ok.error();
    if (auto ok = take_ownership(*config, inventory->vg, *system_id, lvm); !ok) return ok.error();
    auto settled = settle_minors(*config, inventory->plan, lvm, context.deadline);
    if (!settled) return settled.error();
    plan = std::move(*settled);
  }
  if (auto ok = activate(*config, plan, lvm); !ok) return ok.error();
  auto state = verify(*config, plan, context.host);
  if (!state) {
    roll_back(plan, lvm);
    return state.error();
  }
  if (auto saved = state_file(context).write(encode(*state)); !saved) return saved.error();
  publish_device_numbers(context, *state, list_dm_devices(context.host));
  return Outcome::success();
}

}  // namespace hanfs::lvm_persistent
