#include "agents/nfs-server/view.h"

#include "common/sys/mounts.h"
#include "common/sys/namespaces.h"

namespace hanfs::nfs_server {

hanfs::Result<ServiceView> read_view(const Config& config, const hanfs::ActionContext& context) {
  ServiceView view;
  const auto mounts = hanfs::read_mounts(context.host);
  view.pins = hanfs::pins_mounted(mounts, config.server.pins);
  view.net = hanfs::pinned_net_inode(mounts, config.server.pins);
  if (view.net) view.members = hanfs::processes_in_net(*view.net, context.host.proc);
  view.missing_daemons = hanfs::missing_daemons(view.members);
  if (view.pins < 3) return view;
  // Without a daemon the mounts inside may not be made yet: nfsd's
  // filesystem missing there is "no threads", not a failure to read.
  auto threads = hanfs::read_threads(context.host, config.server, context.deadline);
  if (threads) view.threads = *threads;
  else if (view.missing_daemons.size() < std::size(hanfs::kServiceDaemons)) return hanfs::fail(threads.error());
  return view;
}

}  // namespace hanfs::nfs_server
