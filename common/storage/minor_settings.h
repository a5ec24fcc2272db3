// lvm-persistent's minor_range and minors parameters as values: pure
// parsers. The agent and hanfs-check (tools/hanfs-check) share them, so the
// audit reads a range or a minors= list exactly as the agent would. A
// reason says what is wrong with the value; the caller names the parameter.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"

namespace hanfs {

// The kernel's limit for a minor number (20 bits).
constexpr int max_minor = (1 << 20) - 1;

struct MinorRange {
  int first = 10000;
  int last = 10999;
  bool contains(int minor) const { return minor >= first && minor <= last; }
};

// The agent's lists: entries separated by spaces or commas.
std::vector<std::string> split_lvm_list(std::string_view value);
// "A-B" with 0 <= A <= B <= max_minor; err_configured otherwise.
Result<MinorRange> parse_minor_range(std::string_view text);
// "lv1:300 lv2:301" (spaces or commas between pairs); err_configured for a
// bad pair, an LV or a minor given twice.
Result<std::map<std::string, int>> parse_minors(std::string_view text);

}  // namespace hanfs
