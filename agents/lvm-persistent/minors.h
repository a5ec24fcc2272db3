// Which minor each managed LV gets. Pure: decided from the LVM report and
// the devices on this node, so it is unit-tested without LVM (and driven by
// the cluster-scale simulation, tests/unit/lvm-persistent/minor_convergence_test.cpp).
//
// First choice (plan_minors): an LV that has a persistent minor keeps it. One
// without gets the minor given in minors=, or else the lowest in minor_range
// that no other LV of any VG this node sees has persisted, no other LV of this
// plan takes, and no device on this node uses. The minor is then stored in
// the shared VG metadata, so every node reads the same number.
//
// Re-check (recheck_minors), after storing and reading the metadata again:
// two starts (on one node without the lock, or on two nodes) can store the
// same minor from snapshots taken before either stored. Each side then sees
// the clash at its re-read, or the other side does (each stores before it
// re-reads), so the rule is that the starting side yields: an LV that is
// inactive here and whose minor was chosen automatically (not minors=) takes
// another one and the start re-checks; an active LV keeps its minor (it came
// up clean, the other side yields). The new minor is pseudo-random among the
// free ones, seeded by the LV uuid and the attempt, so two sides that both
// yield do not meet again. A clash left on disk (a start that died after
// storing, or the old agent) is resolved the same way by the next start.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "agents/lvm-persistent/config.h"
#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

struct MinorAssignment {
  LvRecord lv;
  int minor = -1;
  bool to_persist = false;   // lvchange --persistent y --minor must store it
};

// `managed`: the LVs of our VG this resource manages. `all_lvs`: every LV
// this node sees (all VGs, ours included). `devices`: this node's dm devices.
// err_configured when a minor given in minors= is persisted by another LV or
// differs from the LV's persisted one; err_args when this node has a device
// (not an LV that persisted the minor) on the minor, named with what holds it.
// A clash of automatic minors is left for recheck_minors.
Result<std::vector<MinorAssignment>> plan_minors(const Config& config, const std::vector<LvRecord>& managed,
                                                 const std::vector<LvRecord>& all_lvs,
                                                 const std::vector<DmDevice>& devices);

struct MinorRecheck {
  std::vector<MinorAssignment> plan;  // to_persist: the LV yielded and takes this minor
  std::vector<std::string> yielded;   // one line per LV that yielded, for the log
  bool waiting = false;               // a minors= minor another LV stored too: read again, it yields
  std::string waiting_for;            // what we wait for, for the reason if it never settles
  bool clean() const;                 // nothing to store, nothing to wait for
};

// The re-check of `managed` as LVM reports it after storing (see above).
// `attempt` (1, 2, ...) varies the pseudo-random choice. err_configured for a
// minors= minor that another LV active here holds; err_args when no minor is
// free or a device that is no such LV uses ours; err_generic when an LV is
// active on another minor.
Result<MinorRecheck> recheck_minors(const Config& config, const std::vector<LvRecord>& managed,
                                    const std::vector<LvRecord>& all_lvs, const std::vector<DmDevice>& devices,
                                    unsigned attempt);

// A minor of `range` no LV of `all_lvs` has persisted, no device uses and
// `taken` does not hold, chosen by `seed` uniformly among those; -1 if none.
int pick_free_minor(const MinorRange& range, const std::vector<LvRecord>& all_lvs,
                    const std::vector<DmDevice>& devices, const std::set<int>& taken, std::uint64_t seed);

// The seed recheck_minors uses for `lv_uuid` at `attempt` (FNV-1a, mixed).
std::uint64_t yield_seed(const std::string& lv_uuid, unsigned attempt);

}  // namespace hanfs::lvm_persistent
