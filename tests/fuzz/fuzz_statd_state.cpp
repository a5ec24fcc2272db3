// Fuzzes the statd state parsers: monitor files, the merge and subtraction
// of host lists, the NSM state number, /proc/<pid>/stat and process ids. Any
// bytes parse or are refused, never crash; what parses keeps its invariants
// (a merge contains both sides and is idempotent, subtracting a list from
// itself leaves nothing, a process id prints as text that parses back).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/sys/proc_stat.h"
#include "common/nfs/statd_state.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t bad = 0;
  const auto records = hanfs::parse_monitor_file(input, &bad);
  for (const auto& r : records)
    if (r.cookie.size() != 32 || r.mon_name.empty() || r.my_name.empty()) __builtin_trap();

  // Split the input in two lists and check the merge.
  const auto half = input.size() / 2;
  const std::string a(input.substr(0, half)), b(input.substr(half));
  const std::string merged = hanfs::merge_monitor_lines(a, b);
  if (hanfs::merge_monitor_lines(merged, b) != merged) __builtin_trap();
  if (hanfs::merge_monitor_lines(merged, a) != merged) __builtin_trap();
  const hanfs::HostList left{{"x", a}}, right{{"x", b}, {"y", a}};
  const auto both = hanfs::merge_host_lists(left, right);
  if (!hanfs::subtract_host_lists(both, both).empty()) __builtin_trap();
  if (hanfs::count_records(hanfs::subtract_host_lists(both, left)) > hanfs::count_records(both)) __builtin_trap();
  (void)hanfs::valid_host_file_name(input.substr(0, 64));

  if (auto state = hanfs::decode_nsm_state(input)) {
    if (hanfs::encode_nsm_state(*state) != input) __builtin_trap();
    const int next = hanfs::next_nsm_state(*state);
    if (next <= 0 || next % 2 == 0) __builtin_trap();
  }
  if (auto stat = hanfs::parse_proc_stat(input)) (void)stat->start_time;
  if (auto id = hanfs::ProcessId::parse(input)) {
    if (hanfs::ProcessId::parse(id->to_string()) != id) __builtin_trap();
  }
  return 0;
}
