// The lvm-persistent instance, read from its parameters and checked: what
// VG, which LVs, how ownership is taken, which minors are ours to assign.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/core/ocf_status.h"
#include "common/ocf/parameters.h"
#include "common/storage/minor_settings.h"

namespace hanfs::lvm_persistent {

enum class AccessMode { system_id, tagging };

struct Config {
  std::string vg;                           // empty when vgname is not a VG name
  std::vector<std::string> lvs;             // empty: every LV of the VG
  AccessMode access = AccessMode::system_id;
  std::string tag;                          // empty when tag is not an LVM tag
  MinorRange range;
  std::map<std::string, int> explicit_minors;  // lv -> minor, from minors=
  std::string activation_mode;              // complete | degraded | partial
  bool majority_pvs = false;

  bool manages(const std::string& lv) const;
};

// The one parser of the configuration, for every action. A problem
// (err_configured, naming the parameter) for each bad value; the value keeps
// everything that parsed, a bad minor_range or minors reads as the default.
// lvname is split on spaces and commas here alone; an entry that is no LV
// name stays in `lvs` (it matches no LV), so a broken lvname never widens
// what the instance manages to the whole VG.
// start, monitor and validate-all take parse_config(params).strict(); stop
// takes .value, and so deactivates exactly the LVs start would activate.
Parsed<Config> parse_config(const Parameters& params);
// MinorRange, max_minor and the minor_range and minors parsers:
// common/storage/minor_settings.h (hanfs-check reads them the same way).

}  // namespace hanfs::lvm_persistent
