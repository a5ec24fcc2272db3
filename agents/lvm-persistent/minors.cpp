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

Failure explicit_clash(const MinorAssignment& a, const LvRecord& other) {
  return fail(OcfStatus::err_configured, "minor " + std::to_string(a.minor) + " of LV " + a.lv.full_name() +
                                             " (given in minors=) is also the persistent minor of LV " +
                                             other.full_name() + ": give one of them another minor");
}

// A device here on the minor that is not the LV (and no LV that stored the
// minor: that is a clash), or the LV active on another minor.
Result<void> check_device_and_activation(const MinorAssignment& a, const std::vector<DmDevice>& devices) {
  if (const DmDevice* d = device_on(devices, a.lv, a.minor))
    return fail(OcfStatus::err_args, "minor " + std::to_string(a.minor) + " of LV " + a.lv.full_name() +
                                         " is taken on this node by " + describe(*d) +
                                         ": remove that device or run the resource elsewhere");
  if (a.lv.active && a.lv.kernel_minor != a.minor)
    return fail(OcfStatus::err_generic, "LV " + a.lv.full_name() + " is already active with minor " +
                                            std::to_string(a.lv.kernel_minor) + " instead of " +
                                            std::to_string(a.minor) +
                                            ": deactivate it (vgchange -an " + a.lv.vg_name + ") and start again");
  return {};
}

bool is_managed(const std::vector<LvRecord>& managed, const LvRecord& lv) {
  for (const auto& m : managed)
    if (m.lv_uuid == lv.lv_uuid) return true;
  return false;
}

// An LV outside this plan (another VG, or an LV of ours the resource does
// not manage) that stored `minor`.
const LvRecord* claimed_outside(const std::vector<LvRecord>& all_lvs, const std::vector<LvRecord>& managed,
                                int minor) {
  for (const auto& other : all_lvs)
    if (other.persistent_minor == minor && !is_managed(managed, other)) return &other;
  return nullptr;
}

std::string range_text(const MinorRange& range) {
  return std::to_string(range.first) + "-" + std::to_string(range.last);
}

}  // namespace

bool MinorRecheck::clean() const {
  if (waiting) return false;
  for (const auto& a : plan)
    if (a.to_persist) return false;
  return true;
}

std::uint64_t yield_seed(const std::string& lv_uuid, unsigned attempt) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : lv_uuid) h = (h ^ c) * 1099511628211ull;
  h ^= attempt;
  h *= 0x9e3779b97f4a7c15ull;  // splitmix64's finaliser spreads the attempt over every bit
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 29);
}

int pick_free_minor(const MinorRange& range, const std::vector<LvRecord>& all_lvs,
                    const std::vector<DmDevice>& devices, const std::set<int>& taken, std::uint64_t seed) {
  std::set<int> used;
  for (int m : taken)
    if (range.contains(m)) used.insert(m);
  for (const auto& lv : all_lvs)
    if (range.contains(lv.persistent_minor)) used.insert(lv.persistent_minor);
  for (const auto& d : devices)
    if (range.contains(d.minor)) used.insert(d.minor);
  const std::uint64_t size = static_cast<std::uint64_t>(range.last) - range.first + 1;
  if (used.size() >= size) return -1;
  // The k-th free minor: step over the used ones below it, in order.
  int m = range.first + static_cast<int>(seed % (size - used.size()));
  for (int u : used)
    if (u <= m) ++m;
  return m;
}

Result<MinorRecheck> recheck_minors(const Config& config, const std::vector<LvRecord>& managed,
                                    const std::vector<LvRecord>& all_lvs, const std::vector<DmDevice>& devices,
                                    unsigned attempt) {
  std::vector<LvRecord> lvs = managed;
  std::sort(lvs.begin(), lvs.end(), [](const auto& a, const auto& b) { return a.lv_name < b.lv_name; });
  MinorRecheck check;
  std::set<int> kept;  // minors LVs of this plan keep
  std::vector<LvRecord> yielding;
  for (const auto& lv : lvs) {
    const MinorAssignment a{lv, lv.persistent_minor, false};
    const bool is_explicit = config.explicit_minors.contains(lv.lv_name);
    const LvRecord* other = a.minor >= 0 ? claimed_outside(all_lvs, managed, a.minor) : nullptr;
    const bool shared_in_plan = a.minor >= 0 && kept.contains(a.minor);
    if (a.minor < 0 || ((other || shared_in_plan) && !lv.active && !is_explicit)) {
      yielding.push_back(lv);
      continue;
    }
    if (other && is_explicit && !lv.active) {
      // It is ours by minors=; the other LV, if its minor is automatic, yields.
      if (other->active) return explicit_clash(a, *other);
      check.waiting = true;
      check.waiting_for = "LV " + other->full_name() + " to give up minor " + std::to_string(a.minor) +
                          " that minors= gives LV " + lv.full_name();
    } else if (!other) {
      if (auto ok = check_device_and_activation(a, devices); !ok) return fail(ok.error());
    }
    check.plan.push_back(a);
    kept.insert(a.minor);
  }
  for (const auto& lv : yielding) {
    const int minor = pick_free_minor(config.range, all_lvs, devices, kept, yield_seed(lv.lv_uuid, attempt));
    if (minor < 0)
      return fail(OcfStatus::err_args, "no free minor left in minor_range " + range_text(config.range) +
                                           " for LV " + lv.full_name() + ": widen minor_range or give minors=");
    const LvRecord* other = claimed_outside(all_lvs, managed, lv.persistent_minor);
    check.yielded.push_back("LV " + lv.full_name() + " takes minor " + std::to_string(minor) +
                            (lv.persistent_minor < 0 ? std::string(": it had none")
                                                     : " instead of " + std::to_string(lv.persistent_minor) +
                                                           ", which LV " +
                                                           (other ? other->full_name() : "of this VG") +
                                                           " stored too"));
    check.plan.push_back({lv, minor, true});
    kept.insert(minor);
  }
  std::sort(check.plan.begin(), check.plan.end(),
            [](const auto& a, const auto& b) { return a.lv.lv_name < b.lv.lv_name; });
  return check;
}

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
      return fail(OcfStatus::err_args, "no free minor left in minor_range " + range_text(config.range) +
                                           " for LV " + lv.full_name() + " on this node: widen minor_range or give minors=");
    plan.push_back({lv, chosen, true});
    taken.insert(chosen);
  }

  // Every minor must be ours alone: in the shared metadata, then on this node.
  for (const auto& a : plan) {
    if (const LvRecord* other = claimed_by(all_lvs, a.lv, a.minor)) {
      // An automatic minor another LV stored too: recheck_minors resolves it.
      if (config.explicit_minors.contains(a.lv.lv_name)) return explicit_clash(a, *other);
    } else if (auto ok = check_device_and_activation(a, devices); !ok) {
      return fail(ok.error());
    }
  }
  std::sort(plan.begin(), plan.end(), [](const auto& a, const auto& b) { return a.lv.lv_name < b.lv.lv_name; });
  return plan;
}

}  // namespace hanfs::lvm_persistent
