#include "agents/lvm-persistent/minors.h"

#include <algorithm>
#include <set>

#include "agents/lvm-persistent/lv_devices.h"

namespace hanfs::lvm_persistent {

namespace {

// The LV of another VG (or another LV of ours) that persisted `minor`.
const LvRecord* claimed_by(const std::vector<LvRecord>& all_lvs, const LvRecord& lv, int minor) {
  for (const auto& other : all_lvs)
    if (other.persistent_minor == minor && other.lv_uuid != lv.lv_uuid) return &other;
  return nullptr;
}

// The device on this node that uses `minor`, unless it is this LV itself.
const DmDevice* device_on(const std::vector<DmDevice>& devices, const LvRecord& lv, int minor) {
  const std::string own_uuid = dm_uuid_of(lv);
  for (const auto& d : devices)
    if (d.minor == minor && d.uuid != own_uuid) return &d;
  return nullptr;
}

std::string describe(const DmDevice& d) {
  std::string s = "device " + d.name + " (" + d.kernel_name + ", " + devnum(d.major, d.minor) + ")";
  if (!d.holders.empty()) s += " held by " + d.holders.front();
  return s;
}

}  // namespace

Result<std::vector<MinorAssignment>> plan_minors(const Config& config, const std::vector<LvRecord>& managed,
                                                 const std::vector<LvRecord>& all_lvs,
                                                 const std::vector<DmDevice>& devices) {
  std::vector<LvRecord> lvs = managed;
  std::sort(lvs.begin(), lvs.end(), [](const auto& a, const auto& b) { return a.lv_name < b.lv_name; });

  // Minors this plan has given out, and the explicit ones reserved for their LVs.
  std::set<int> taken;
  for (const auto& [lv, minor] : config.explicit_minors) taken.insert(minor);

  std::vector<MinorAssignment> plan;
  // Persisted and explicit minors first, so the lowest-free search sees them.
  for (const auto& lv : lvs) {
    auto wanted = config.explicit_minors.find(lv.lv_name);
    if (lv.persistent_minor >= 0) {
      if (wanted != config.explicit_minors.end() && wanted->second != lv.persistent_minor)
        return fail(OcfStatus::err_configured,
                    "LV " + lv.full_name() + " already has persistent minor " + std::to_string(lv.persistent_minor) +
                        " but minors= asks for " + std::to_string(wanted->second) +
                        ": fix minors=, or change the LV's minor by hand while it is inactive everywhere");
      plan.push_back({lv, lv.persistent_minor, false});
      taken.insert(lv.persistent_minor);
    } else if (wanted != config.explicit_minors.end()) {
      plan.push_back({lv, wanted->second, true});
    }
  }
  for (const auto& lv : lvs) {
    if (lv.persistent_minor >= 0 || config.explicit_minors.contains(lv.lv_name)) continue;
    int chosen = -1;
    for (int m = config.range.first; m <= config.range.last && chosen < 0; ++m)
      if (!taken.contains(m) && !claimed_by(all_lvs, lv, m) && !device_on(devices, lv, m)) chosen = m;
    if (chosen < 0)
      return fail(OcfStatus::err_args, "no free minor left in minor_range " + std::to_string(config.range.first) +
                                           "-" + std::to_string(config.range.last) + " for LV " + lv.full_name() +
                                           " on this node: widen minor_range or give minors=");
    plan.push_back({lv, chosen, true});
    taken.insert(chosen);
  }

  // Every minor must be ours alone: in the shared metadata, then on this node.
  for (const auto& a : plan) {
    if (const LvRecord* other = claimed_by(all_lvs, a.lv, a.minor))
      return fail(OcfStatus::err_configured, "minor " + std::to_string(a.minor) + " of LV " + a.lv.full_name() +
                                                 " is also the persistent minor of LV " + other->full_name() +
                                                 ": give one of them another minor");
    if (const DmDevice* d = device_on(devices, a.lv, a.minor))
      return fail(OcfStatus::err_args, "minor " + std::to_string(a.minor) + " of LV " + a.lv.full_name() +
                                           " is taken on this node by " + describe(*d) +
                                           ": remove that device or run the resource elsewhere");
    if (a.lv.active && a.lv.kernel_minor != a.minor)
      return fail(OcfStatus::err_generic, "LV " + a.lv.full_name() + " is already active with minor " +
                                              std::to_string(a.lv.kernel_minor) + " instead of " +
                                              std::to_string(a.minor) +
                                              ": deactivate it (vgchange -an " + a.lv.vg_name + ") and start again");
  }
  std::sort(plan.begin(), plan.end(), [](const auto& a, const auto& b) { return a.lv.lv_name < b.lv.lv_name; });
  return plan;
}

}  // namespace hanfs::lvm_persistent
