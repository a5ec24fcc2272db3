// stop: this node's records come back first (so the grace period the restart
// opens here can never purge the service's records), then nfsd restarts,
// which drops the NFSv4 state and NLM locks that pin the service's
// filesystem; the clients reclaim them on the next node. Each step is
// recorded first (phase.h): a stop killed after the unbind is finished by
// the next one, which restarts nfsd with the thread count recorded. Nothing
// of the service here (not bound, nfsd not on the service's records): 0.
#include "agents/nfs-grace/actions.h"
#include "agents/nfs-grace/config.h"
#include "agents/nfs-grace/phase.h"
#include "common/ocf/log.h"
#include "common/sys/mounts.h"
#include "common/nfs/nfs_server.h"
#include "common/nfs/nfsd_restart.h"

namespace hanfs::nfs_grace {

using hanfs::Outcome;

Outcome stop(const hanfs::ActionContext& context) {
  // What start would have acted on: a broken server_scope or threads still
  // leaves recovery_dir and tracker_dir to undo.
  const auto parsed = parse_config(context.params, context.host);
  const Config& config = parsed.for_stop();
  // Without a valid recovery_dir or tracker_dir nothing of ours can be bound.
  if (config.recovery_dir.empty() || config.tracker_dir.empty()) return Outcome::success();

  auto record = read_phase(context);
  if (!record) {
    // Not ours to trust: the kernel's facts decide, and nfsd restarts.
    hanfs::log_warn("%s", record.error().reason.c_str());
    record = PhaseRecord{Phase::releasing, 0};
  }
  auto facts = read_facts(config, context);
  if (!facts) return facts.error();
  if (!facts->bound && record->phase == Phase::none && !facts->service_records_in_use) return Outcome::success();
  if (record->phase != Phase::none && record->phase != Phase::started)
    hanfs::log_info("completing a start or stop interrupted in phase '%s'", std::string(phase_name(record->phase)).c_str());

  // Running threads are kept; none running after an abandoned restart: the
  // count recorded before it.
  const int threads = facts->nfsd.threads > 0 ? threads_after_restart(config, facts->nfsd.threads) : record->threads;
  if (facts->bound) {
    if (auto written = write_phase(context, {Phase::unbinding, threads}); !written) return written.error();
    if (auto unbound = hanfs::unmount(config.tracker_dir); !unbound) return unbound.error();
  }
  if (auto written = write_phase(context, {Phase::releasing, threads}); !written) return written.error();
  if (threads == 0) {
    hanfs::log_warn("nfsd is not running: no state to drop");
    if (auto cleared = clear_phase(context); !cleared) return cleared.error();
    return Outcome::success();
  }
  const hanfs::NfsdRestart restart{.threads = threads,
                                   .scope = {},
                                   .legacy_recovery_dir = node_legacy_records(context.host)};
  if (auto restarted = hanfs::restart_nfsd(context.host, restart, context.deadline); !restarted) return restarted.error();
  if (auto cleared = clear_phase(context); !cleared) return cleared.error();
  hanfs::log_info("nfsd restarted with %d threads: the service's NFSv4 state and locks left this node",
                  restart.threads);
  return Outcome::success();
}

}  // namespace hanfs::nfs_grace
