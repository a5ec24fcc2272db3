#include "agents/lvm-persistent/config.h"

#include <algorithm>
#include <set>

#include "agents/lvm-persistent/parameters.h"
#include "common/core/text.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

namespace {

Outcome bad(std::string_view parameter, const std::string& why) {
  return outcome(OcfStatus::err_configured, "parameter " + std::string(parameter) + ": " + why);
}

// Lists take spaces or commas between their entries.
std::vector<std::string> list(const std::string& value) {
  std::string spaced = value;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  return text::split_words(spaced);
}

std::optional<int> minor_number(const std::string& s) {
  auto n = text::parse_int(s);
  if (!n || *n < 0 || *n > max_minor) return std::nullopt;
  return static_cast<int>(*n);
}

}  // namespace

bool Config::manages(const std::string& lv) const {
  return lvs.empty() || std::find(lvs.begin(), lvs.end(), lv) != lvs.end();
}

Result<MinorRange> parse_minor_range(const std::string& value) {
  const std::string why = "'" + text::one_line(value) + "' is not a range FIRST-LAST of minors within 0-" +
                          std::to_string(max_minor);
  auto parts = text::split(text::trim(value), '-');
  if (parts.size() != 2) return fail(bad(param::minor_range.name, why));
  auto first = minor_number(parts[0]), last = minor_number(parts[1]);
  if (!first || !last || *first > *last) return fail(bad(param::minor_range.name, why));
  return MinorRange{*first, *last};
}

Result<std::map<std::string, int>> parse_minors(const std::string& value) {
  std::map<std::string, int> minors;
  std::set<int> seen;
  for (const auto& pair : list(value)) {
    auto colon = pair.rfind(':');
    const std::string lv = colon == std::string::npos ? "" : pair.substr(0, colon);
    auto minor = colon == std::string::npos ? std::nullopt : minor_number(pair.substr(colon + 1));
    if (!valid_lvm_name(lv) || !minor)
      return fail(bad(param::minors.name, "'" + text::one_line(pair) + "' is not LV:MINOR with a minor within 0-" +
                                              std::to_string(max_minor)));
    if (minors.contains(lv)) return fail(bad(param::minors.name, "LV " + lv + " is given twice"));
    if (!seen.insert(*minor).second)
      return fail(bad(param::minors.name, "minor " + std::to_string(*minor) + " is given twice"));
    minors[lv] = *minor;
  }
  return minors;
}

Parsed<Config> parse_config(const Parameters& params) {
  Parsed<Config> parsed;
  Config& c = parsed.value;
  const std::string vg(text::trim(params[param::vgname]));
  if (valid_lvm_name(vg)) c.vg = vg;
  else parsed.problem(bad(param::vgname.name, "'" + text::one_line(vg) + "' is not a valid volume group name"));
  for (const auto& lv : list(params[param::lvname])) {
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
  else parsed.problem(range.error());
  if (auto minors = parse_minors(params[param::minors])) c.explicit_minors = *minors;
  else parsed.problem(minors.error());
  for (const auto& [lv, minor] : c.explicit_minors)
    if (!c.manages(lv)) parsed.problem(bad(param::minors.name, "LV " + lv + " is not among lvname"));

  const bool partial = params[param::partial_activation];
  const bool degraded = params[param::degraded_activation];
  c.activation_mode = partial ? "partial" : degraded ? "degraded" : "complete";
  c.majority_pvs = params[param::majority_pvs];
  return parsed;
}

}  // namespace hanfs::lvm_persistent
