// stop: the address first (nfs-address, after the exports in the group,
// took it down already; this is for a server stopped alone), so no client
// reaches a server going away; the
// NSM records set aside, the service's NLM locks released, then the threads
// (this service's NFS state only is dropped, which releases its
// filesystem); then every process of its network namespace, the records
// back, and the pins, so the namespaces, and the service's mounts inside,
// end. Nothing there: 0. Takes the configuration that parsed, as start
// would have used it. What failed is said at the end, every part of it.
#include <algorithm>
#include <chrono>

#include "agents/nfs-server/actions.h"
#include "agents/nfs-server/config.h"
#include "agents/nfs-server/view.h"
#include "common/net/floating_address.h"
#include "common/nfs/nfs_server.h"
#include "common/nfs/service_server.h"
#include "common/ocf/log.h"
#include "common/sys/bounded_fs.h"
#include "common/sys/file_lock.h"
#include "common/sys/mounts.h"
#include "common/sys/namespaces.h"

namespace hanfs::nfs_server {

using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

// Shared storage, a step of a stop: a quarter of what is left at most.
hanfs::Deadline step_budget(const hanfs::Deadline& deadline) {
  return hanfs::Deadline(std::min(std::chrono::milliseconds(5000), deadline.remaining() / 4));
}

// The NLM locks of the service's clients, released while its lockd still
// runs, so that lockd's shutdown frees their hosts. Left to a lockd going
// down in a network that is not the node's, a lock keeps its host in the
// kernel after the network is gone; Debian 12's 6.1 then corrupted lockd's
// NSM list at a later service's shutdown (a kernel BUG in nsm_release, its
// rpc.nfsd 0 never answering). unlock_ip drops every lock taken through
// the service's address, whatever filesystem it is on. A bounded child:
// what it cannot do is a warning, not a stop that never answers.
void release_nfsv3_locks(const hanfs::Host& host, const Config& config, const hanfs::Deadline& deadline) {
  const hanfs::ServiceServer& server = config.server;
  auto inside = hanfs::service_host(host, server.name);
  if (!inside) return hanfs::log_warn("NFSv3 locks not released: %s", inside.error().reason.c_str());
  auto released = hanfs::run_bounded_fs(
      server.state_dir,
      [&]() -> std::string {
        auto r = hanfs::unlock_ip(*inside, config.ip);
        return r ? "" : r.error().reason;
      },
      step_budget(deadline));
  if (!released) return hanfs::log_warn("NFSv3 locks not released: %s", released.error().reason.c_str());
  if (!released->empty()) hanfs::log_warn("NFSv3 locks not released: %s", released->c_str());
}

}  // namespace

Outcome stop(const hanfs::ActionContext& context) {
  const Config config = parse_config(context.params, context.host).value;
  const hanfs::ServiceServer& server = config.server;
  // No name that parsed: start never ran for it.
  if (server.name.empty()) return Outcome::success();
  auto lock = hanfs::FileLock::acquire(hanfs::service_lock_path(context.host, server.name), context.deadline);
  if (!lock) return lock.error();
  const auto mounts = hanfs::read_mounts(context.host);
  const int pins = hanfs::pins_mounted(mounts, server.pins);
  const auto net = hanfs::pinned_net_inode(mounts, server.pins);
  if (pins == 0) return Outcome::success();

  // A half-made namespace has no address or threads to stop; the processes
  // and pins go all the same.
  std::string failed;
  const auto failing = [&failed](const std::string& why) { failed += (failed.empty() ? "" : "; ") + why; };
  bool records_aside = false;
  if (pins == 3) {
    if (auto down = hanfs::take_address_down(context.host, server.pins, context.deadline); !down)
      hanfs::log_warn("%s", down.error().reason.c_str());
    // The NSM records lockd's shutdown makes statd delete: kept, or the
    // stop fails (the next node would notify nobody).
    const auto aside = hanfs::set_records_aside(server, step_budget(context.deadline));
    records_aside = static_cast<bool>(aside);
    if (!aside) failing("the NSM records in " + server.state_dir + "/sm could not be kept: " + aside.error().reason);
    release_nfsv3_locks(context.host, config, context.deadline);
    // Threads that will not stop still hold the service's files open: the
    // filesystem cannot be unmounted, so this stop fails (and the node is
    // fenced) rather than report a service that still holds it.
    if (auto stopped = hanfs::stop_threads(context.host, server, context.deadline); !stopped)
      failing(stopped.error().reason);
  }
  if (net)
    if (auto left = hanfs::end_processes_in_net(context.host, *net, context.deadline); !left.empty())
      return hanfs::outcome(OcfStatus::err_generic,
                            left.front().comm + " (pid " + std::to_string(left.front().id.pid) +
                                ") of service " + server.name + " did not end: stuck on frozen storage?");
  // statd gone: its clients' records back where the next start finds them.
  if (records_aside)
    if (auto back = hanfs::put_records_back(server, step_budget(context.deadline)); !back)
      failing("the NSM records set aside in " + server.state_dir + "/" + std::string(hanfs::kRecordsAside) +
              " are not back in sm (the next start puts them back): " + back.error().reason);
  if (auto removed = hanfs::remove_pins(context.host, server.pins); !removed) return removed.error();
  if (!failed.empty()) return hanfs::outcome(OcfStatus::err_generic, failed);
  hanfs::log_info("service %s stopped: address down, threads, daemons and namespaces gone", server.name.c_str());
  return Outcome::success();
}

}  // namespace hanfs::nfs_server
