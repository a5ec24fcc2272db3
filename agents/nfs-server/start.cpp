// start: the service's namespaces, its state directory bound in, its own
// /run and rpc_pipefs, its daemons, its nfsd threads (lockd's grace set for
// this start). No address: nfs-address brings it up once the exports are
// there, so no client reaches a server that is half there. Each step looks first at what the kernel shows (view.h) and
// does only what is missing: a start or stop killed at any step is
// completed here. Already serving: 0.
#include <algorithm>

#include "agents/nfs-server/actions.h"
#include "agents/nfs-server/config.h"
#include "agents/nfs-server/view.h"
#include "common/nfs/lockd_grace.h"
#include "common/nfs/service_server.h"
#include "common/ocf/log.h"
#include "common/sys/file_lock.h"
#include "common/sys/mounts.h"
#include "common/sys/namespaces.h"

namespace hanfs::nfs_server {

using hanfs::OcfStatus;
using hanfs::Outcome;

Outcome start(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto node = check_node(context.host); !node) return node.error();
  const hanfs::ServiceServer& server = config->server;
  // One action per service at a time on this node (two resources with one
  // name are hanfs-check's to find).
  auto lock = hanfs::FileLock::acquire(hanfs::service_lock_path(context.host, server.name), context.deadline);
  if (!lock) return lock.error();
  auto view = read_view(*config, context);
  if (!view) return view.error();
  if (view->serving()) return Outcome::success();

  if (auto fs = hanfs::check_off_root_filesystem(context.host, "state_dir", server.state_dir, ""); !fs) return fs.error();
  // Retired only while lockd is down (no threads) and before statd starts:
  // then each client's reclaim writes its record anew (prepare_state_dir).
  // A running statd, or a lockd that still monitors its clients, keeps them.
  const bool statd_missing = std::find(view->missing_daemons.begin(), view->missing_daemons.end(), "rpc.statd") !=
                             view->missing_daemons.end();
  const bool statd_starts = view->pins != 3 || (statd_missing && view->threads.value_or(0) == 0);
  auto nfsv3_clients = hanfs::prepare_state_dir(
      server, statd_starts ? hanfs::Records::retire : hanfs::Records::keep, context.deadline);
  if (!nfsv3_clients) return nfsv3_clients.error();

  if (view->pins != 3) {
    // A making or an ending cut short: what is there goes, then all anew.
    if (!view->none()) {
      hanfs::log_info("service %s's namespaces are half there (%d of 3 pins): made again", server.name.c_str(),
                      view->pins);
      if (view->net)
        if (auto left = hanfs::end_processes_in_net(context.host, *view->net, context.deadline); !left.empty())
          return hanfs::outcome(OcfStatus::err_generic, "cannot end " + left.front().comm + " (pid " +
                                                            std::to_string(left.front().id.pid) +
                                                            ") of the half-made service " + server.name);
      if (auto removed = hanfs::remove_pins(context.host, server.pins); !removed) return removed.error();
    }
    if (auto made = hanfs::make_namespaces(context.host, server.pins, context.deadline); !made) return made.error();
    view->missing_daemons.assign(std::begin(hanfs::kServiceDaemons), std::end(hanfs::kServiceDaemons));
    view->threads = 0;
  }
  if (auto inside = hanfs::set_up_inside(context.host, server, context.deadline); !inside) return inside.error();
  if (auto daemons = hanfs::start_daemons(context.host, server, view->missing_daemons, context.deadline); !daemons)
    return daemons.error();

  if (view->threads.value_or(0) == 0) {
    const hanfs::ThreadStart threads{.threads = config->threads,
                                     .lease_time = config->lease_time,
                                     .grace_time = config->grace_time,
                                     .nlm_grace_seconds = nlm_grace_for(*config, *nfsv3_clients)};
    if (auto started = hanfs::start_threads(context.host, server, threads, context.deadline); !started)
      return started.error();
    hanfs::log_info("service %s: %d nfsd threads under scope %s, NFSv4 grace up to %d s, lockd's grace %d s",
                    server.name.c_str(), threads.threads, server.name.c_str(), threads.grace_time,
                    threads.nlm_grace_seconds);
    // No NFSv3 client to reclaim: no lockd grace, whose new locks (NFSv4's
    // too) would wait for nothing. With clients, nfs-notify ends it once
    // they have reclaimed. Not ended, it only runs its course: no failure.
    if (!*nfsv3_clients) {
      hanfs::Host inside = context.host;
      inside.namespace_dir = server.pins;
      if (auto ended = hanfs::end_lockd_grace(inside, context.deadline); ended)
        hanfs::log_info("service %s: no NFSv3 client to reclaim locks: lockd's grace ended", server.name.c_str());
      else
        hanfs::log_warn("service %s: %s: it runs its course", server.name.c_str(), ended.error().reason.c_str());
    }
  }
  return Outcome::success();
}

}  // namespace hanfs::nfs_server
