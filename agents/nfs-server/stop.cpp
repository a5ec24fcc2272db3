// stop: the address first, so no client reaches a server going away; then
// the threads (this service's NFS state only is dropped, which releases its
// filesystem) and the NLM locks lockd leaves behind; then every process of
// its network namespace, and the pins, so the namespaces, and the
// service's mounts inside, end. Nothing there: 0. Takes the configuration
// that parsed, as start would have used it.
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

// lockd, going down in a network that is not the node's, keeps the NLM
// locks its clients hold (their hosts stay in use), and they would pin the
// filesystem and refuse the clients' reclaims if the service came back
// here. Released now, after the threads: released before, lockd would drop
// those clients at its shutdown and tell statd to forget them, deleting
// their records from the service's filesystem, and the next node would
// notify nobody. The kernel releases a whole filesystem's NLM locks: the
// one holding state_dir, the service's own. The write has been seen to
// sleep in the kernel (a stop after a start killed part-way): it runs in a
// bounded child, a quarter of what is left at most, and what it cannot do
// is a warning, not a stop that never answers.
void release_nfsv3_locks(const hanfs::Host& host, const hanfs::ServiceServer& server,
                         const hanfs::Deadline& deadline) {
  auto inside = hanfs::service_host(host, server.name);
  if (!inside) return hanfs::log_warn("NFSv3 locks not released: %s", inside.error().reason.c_str());
  const hanfs::Deadline budget(std::min(std::chrono::milliseconds(5000), deadline.remaining() / 4));
  auto released = hanfs::run_bounded_fs(
      server.state_dir,
      [&]() -> std::string {
        auto r = hanfs::unlock_filesystem(*inside, server.state_dir);
        return r ? "" : r.error().reason;
      },
      budget);
  if (!released) return hanfs::log_warn("NFSv3 locks not released: %s", released.error().reason.c_str());
  if (!released->empty()) hanfs::log_warn("NFSv3 locks not released: %s", released->c_str());
}

}  // namespace

Outcome stop(const hanfs::ActionContext& context) {
  const Config config = parse_config(context.params, context.host).value;
  const hanfs::ServiceServer& server = config.server;
  // No name that parsed: start never ran for it.
  if (server.name.empty()) return Outcome::success();
  auto lock = hanfs::FileLock::acquire(context.host.run_dir + "/hanfs/" + server.name + ".lock", context.deadline);
  if (!lock) return lock.error();
  const auto mounts = hanfs::read_mounts(context.host);
  const int pins = hanfs::pins_mounted(mounts, server.pins);
  const auto net = hanfs::pinned_net_inode(mounts, server.pins);
  if (pins == 0) return Outcome::success();

  // A half-made namespace has no address or threads to stop; the processes
  // and pins go all the same.
  std::string failed;
  if (pins == 3) {
    if (auto down = hanfs::take_address_down(context.host, server.pins, context.deadline); !down)
      hanfs::log_warn("%s", down.error().reason.c_str());
    // Threads that will not stop still hold the service's files open: the
    // filesystem cannot be unmounted, so this stop fails (and the node is
    // fenced) rather than report a service that still holds it.
    if (auto stopped = hanfs::stop_threads(context.host, server, context.deadline); !stopped)
      failed = stopped.error().reason;
    else
      release_nfsv3_locks(context.host, server, context.deadline);
  }
  if (net)
    if (auto left = hanfs::end_processes_in_net(context.host, *net, context.deadline); !left.empty())
      return hanfs::outcome(OcfStatus::err_generic,
                            left.front().comm + " (pid " + std::to_string(left.front().id.pid) +
                                ") of service " + server.name + " did not end: stuck on frozen storage?");
  if (auto removed = hanfs::remove_pins(context.host, server.pins); !removed) return removed.error();
  if (!failed.empty()) return hanfs::outcome(OcfStatus::err_generic, failed);
  hanfs::log_info("service %s stopped: address down, threads, daemons and namespaces gone", server.name.c_str());
  return Outcome::success();
}

}  // namespace hanfs::nfs_server
