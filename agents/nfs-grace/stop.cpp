// stop: this node's records come back first (so the grace period the restart
// opens here can never purge the service's records), then nfsd restarts,
// which drops the NFSv4 state and NLM locks that pin the service's
// filesystem; the clients reclaim them on the next node. Not started: 0.
#include "agents/nfs-grace/actions.h"
#include "agents/nfs-grace/config.h"
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
  if (!config.records_bound()) return Outcome::success();

  if (auto unbound = hanfs::unmount(config.tracker_dir); !unbound) return unbound.error();
  const int running = hanfs::nfsd_threads(context.host);
  if (running == 0) {
    hanfs::log_warn("nfsd is not running: no state to drop");
    return Outcome::success();
  }
  const hanfs::NfsdRestart restart{.threads = threads_after_restart(config, running),
                                   .scope = {},
                                   .legacy_recovery_dir = node_legacy_records(context.host)};
  if (auto restarted = hanfs::restart_nfsd(context.host, restart, context.deadline); !restarted) return restarted.error();
  hanfs::log_info("nfsd restarted with %d threads: the service's NFSv4 state and locks left this node",
                  restart.threads);
  return Outcome::success();
}

}  // namespace hanfs::nfs_grace
