#include "agents/nfs-grace/phase.h"

#include <array>

#include "common/core/text.h"
#include "common/ocf/state_file.h"

namespace hanfs::nfs_grace {

using hanfs::fail;
using hanfs::OcfStatus;

namespace {

constexpr std::array<std::string_view, 6> kNames = {"none", "binding", "restarting", "started", "unbinding",
                                                    "releasing"};

hanfs::StateFile phase_file(const hanfs::ActionContext& context) {
  return hanfs::StateFile(context.env.rsc_tmp(), "nfs-grace", context.env.instance());
}

}  // namespace

std::string_view phase_name(Phase phase) { return kNames[static_cast<std::size_t>(phase)]; }

hanfs::Result<PhaseRecord> read_phase(const hanfs::ActionContext& context) {
  const auto file = phase_file(context);
  auto values = file.read();
  if (!values) {
    if (values.error().status == OcfStatus::not_running) return PhaseRecord{};
    return fail(OcfStatus::err_generic, file.path() + ": " + values.error().reason);
  }
  PhaseRecord record;
  const auto phase = values->find("phase");
  std::size_t i = 1;
  while (phase != values->end() && i < kNames.size() && kNames[i] != phase->second) ++i;
  if (phase == values->end() || i == kNames.size())
    return fail(OcfStatus::err_generic, file.path() + " names no phase of nfs-grace");
  record.phase = static_cast<Phase>(i);
  if (auto threads = values->find("threads"); threads != values->end()) {
    auto n = hanfs::text::parse_int(threads->second);
    record.threads = n && *n > 0 && *n < 100000 ? static_cast<int>(*n) : 0;
  }
  return record;
}

hanfs::Result<void> write_phase(const hanfs::ActionContext& context, PhaseRecord record) {
  return phase_file(context).write(
      {{"phase", std::string(phase_name(record.phase))}, {"threads", std::to_string(record.threads)}});
}

hanfs::Result<void> clear_phase(const hanfs::ActionContext& context) { return phase_file(context).remove(); }

hanfs::Result<NodeFacts> read_facts(const Config& config, const hanfs::ActionContext& context) {
  auto controls = hanfs::read_nfsd_controls(context.host, context.deadline);
  if (!controls) return fail(controls.error());
  NodeFacts facts;
  facts.bound = config.records_bound(hanfs::read_mounts(context.host));
  facts.nfsd = *controls;
  facts.service_records_in_use = !config.recovery_dir.empty() && facts.nfsd.recovery_dir == config.legacy_records();
  return facts;
}

}  // namespace hanfs::nfs_grace
