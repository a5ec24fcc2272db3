#include "agents/lvm-persistent/config.h"

#include <algorithm>

#include "agents/lvm-persistent/parameters.h"
#include "common/core/text.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

namespace {

Outcome bad(std::string_view parameter, const std::string& why) {
  return outcome(OcfStatus::err_configured, "parameter " + std::string(parameter) + ": " + why);
}

}  // namespace

bool Config::manages(const std::string& lv) const {
  return lvs.empty() || std::find(lvs.begin(), lvs.end(), lv) != lvs.end();
}

Parsed<Config> parse_config(const Parameters& params) {
  Parsed<Config> parsed;
  Config& c = parsed.value;
  const std::string vg(text::trim(params[param::vgname]));
  if (valid_lvm_name(vg)) c.vg = vg;
  else parsed.problem(bad(param::vgname.name, "'" + text::one_line(vg) + "' is not a valid volume group name"));
  for (const auto& lv : split_lvm_list(params[param::lvname])) {
    if (std::find(c.lvs.begin(), c.lvs.end(), lv) != c.lvs.end()) continue;
    if (!valid_lvm_name(lv))
      parsed.problem(bad(param::lvname.name, "'" + text::one_line(lv) + "' is not a valid LV name"));
    c.lvs.push_back(lv);
  }
  c.access = params[param::vg_access_mode] == "tagging" ? AccessMode::tagging : AccessMode::system_id;
  const std::string tag(text::trim(params[param::tag]));
  if (valid_lvm_name(tag)) c.tag = tag;
  else if (c.access == AccessMode::tagging)
    parsed.problem(bad(param::tag.name, "'" + text::one_line(tag) + "' is not a valid LVM tag"));

  if (auto range = parse_minor_range(params[param::minor_range])) c.range = *range;
  else parsed.problem(bad(param::minor_range.name, range.error().reason));
  if (auto minors = parse_minors(params[param::minors])) c.explicit_minors = *minors;
  else parsed.problem(bad(param::minors.name, minors.error().reason));
  for (const auto& [lv, minor] : c.explicit_minors)
    if (!c.manages(lv)) parsed.problem(bad(param::minors.name, "LV " + lv + " is not among lvname"));

  const bool partial = params[param::partial_activation];
  const bool degraded = params[param::degraded_activation];
  c.activation_mode = partial ? "partial" : degraded ? "degraded" : "complete";
  c.majority_pvs = params[param::majority_pvs];
  return parsed;
}

}  // namespace hanfs::lvm_persistent
