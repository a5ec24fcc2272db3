// Fuzzes hanfs-check over a CIB: any bytes parse or are refused, never
// crash; what parses goes through every risk check and a --migrate of every
// group, whose report renders as JSON.
#include <cstdint>
#include <string_view>

#include "tools/hanfs-check/cluster_config.h"
#include "tools/hanfs-check/migrate.h"
#include "tools/hanfs-check/report.h"
#include "tools/hanfs-check/risks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hanfs::check;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto config = parse_cib(input);
  if (!config) return 0;
  const auto report = make_report(find_risks(*config, hanfs::check::NodeState{}), {});
  (void)render_json(report);
  for (const auto& g : config->groups) (void)plan_migration(*config, g.id);
  return 0;
}
