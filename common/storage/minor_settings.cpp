#include "common/storage/minor_settings.h"

#include <algorithm>
#include <optional>
#include <set>

#include "common/core/text.h"
#include "common/storage/lvm.h"

namespace hanfs {

namespace {

std::optional<int> minor_number(const std::string& s) {
  auto n = text::parse_int(s);
  if (!n || *n < 0 || *n > max_minor) return std::nullopt;
  return static_cast<int>(*n);
}

}  // namespace

std::vector<std::string> split_lvm_list(std::string_view value) {
  std::string spaced(value);
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  return text::split_words(spaced);
}

Result<MinorRange> parse_minor_range(std::string_view value) {
  const std::string why = "'" + text::one_line(value) + "' is not a range FIRST-LAST of minors within 0-" +
                          std::to_string(max_minor);
  auto parts = text::split(text::trim(value), '-');
  if (parts.size() != 2) return fail(OcfStatus::err_configured, why);
  auto first = minor_number(parts[0]), last = minor_number(parts[1]);
  if (!first || !last || *first > *last) return fail(OcfStatus::err_configured, why);
  return MinorRange{*first, *last};
}

Result<std::map<std::string, int>> parse_minors(std::string_view value) {
  std::map<std::string, int> minors;
  std::set<int> seen;
  for (const auto& pair : split_lvm_list(value)) {
    auto colon = pair.rfind(':');
    const std::string lv = colon == std::string::npos ? "" : pair.substr(0, colon);
    auto minor = colon == std::string::npos ? std::nullopt : minor_number(pair.substr(colon + 1));
    if (!valid_lvm_name(lv) || !minor)
      return fail(OcfStatus::err_configured, "'" + text::one_line(pair) +
                                                 "' is not LV:MINOR with a minor within 0-" + std::to_string(max_minor));
    if (minors.contains(lv)) return fail(OcfStatus::err_configured, "LV " + lv + " is given twice");
    if (!seen.insert(*minor).second)
      return fail(OcfStatus::err_configured, "minor " + std::to_string(*minor) + " is given twice");
    minors[lv] = *minor;
  }
  return minors;
}

}  // namespace hanfs
