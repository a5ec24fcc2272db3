#include "agents/lvm-persistent/config.h"

#include <algorithm>
#include <set>

#include "common/storage/lvm.h"
#include "common/core/text.h"

namespace hanfs::lvm_persistent {

using hanfs::fail;
using hanfs::OcfStatus;
namespace text = hanfs::text;

namespace {

hanfs::Failure bad(const std::string& parameter, const std::string& why) {
  return fail(OcfStatus::err_configured, "parameter " + parameter + ": " + why);
}

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

hanfs::Result<MinorRange> parse_minor_range(const std::string& value) {
  const std::string why = "'" + text::one_line(value) + "' is not a range FIRST-LAST of minors within 0-" +
                          std::to_string(max_minor);
  auto parts = text::split(text::trim(value), '-');
  if (parts.size() != 2) return bad("minor_range", why);
  auto first = minor_number(parts[0]), last = minor_number(parts[1]);
  if (!first || !last || *first > *last) return bad("minor_range", why);
  return MinorRange{*first, *last};
}

hanfs::Result<std::map<std::string, int>> parse_minors(const std::string& value) {
  std::map<std::string, int> minors;
  std::set<int> seen;
  for (const auto& pair : list(value)) {
    auto colon = pair.rfind(':');
    const std::string lv = colon == std::string::npos ? "" : pair.substr(0, colon);
    auto minor = colon == std::string::npos ? std::nullopt : minor_number(pair.substr(colon + 1));
    if (!hanfs::valid_lvm_name(lv) || !minor)
      return bad("minors", "'" + text::one_line(pair) + "' is not LV:MINOR with a minor within 0-" +
                               std::to_string(max_minor));
    if (minors.contains(lv)) return bad("minors", "LV " + lv + " is given twice");
    if (!seen.insert(*minor).second) return bad("minors", "minor " + std::to_string(*minor) + " is given twice");
    minors[lv] = *minor;
  }
  return minors;
}

hanfs::Result<Config> read_config(const hanfs::Parameters& params) {
  Config c;
  c.vg = std::string(text::trim(params.string("vgname")));
  if (!hanfs::valid_lvm_name(c.vg))
    return bad("vgname", "'" + text::one_line(c.vg) + "' is not a valid volume group name");
  for (const auto& lv : list(params.string("lvname"))) {
    if (!hanfs::valid_lvm_name(lv)) return bad("lvname", "'" + text::one_line(lv) + "' is not a valid LV name");
    if (std::find(c.lvs.begin(), c.lvs.end(), lv) == c.lvs.end()) c.lvs.push_back(lv);
  }
  c.access = params.string("vg_access_mode") == "tagging" ? AccessMode::tagging : AccessMode::system_id;
  c.tag = std::string(text::trim(params.string("tag")));
  if (c.access == AccessMode::tagging && !hanfs::valid_lvm_name(c.tag))
    return bad("tag", "'" + text::one_line(c.tag) + "' is not a valid LVM tag");

  auto range = parse_minor_range(params.string("minor_range"));
  if (!range) return fail(range.error());
  c.range = *range;
  auto minors = parse_minors(params.string("minors"));
  if (!minors) return fail(minors.error());
  c.explicit_minors = *minors;
  for (const auto& [lv, minor] : c.explicit_minors)
    if (!c.manages(lv)) return bad("minors", "LV " + lv + " is not among lvname");

  const bool partial = params.boolean("partial_activation");
  const bool degraded = params.boolean("degraded_activation");
  c.activation_mode = partial ? "partial" : degraded ? "degraded" : "complete";
  c.majority_pvs = params.boolean("majority_pvs");
  return c;
}

}  // namespace hanfs::lvm_persistent
