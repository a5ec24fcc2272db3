// monitor: running while the service's records are bound over the tracker's
// and nfsd serves; 7 when not started. No fork: two stat calls and one file.
#include "agents/nfs-grace/actions.h"
#include "agents/nfs-grace/config.h"
#include "common/nfs/nfs_server.h"

namespace hanfs::nfs_grace {

using hanfs::OcfStatus;
using hanfs::Outcome;

Outcome monitor(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (!config->records_bound()) return hanfs::outcome(OcfStatus::not_running);
  if (hanfs::nfsd_threads(context.host) == 0)
    return hanfs::outcome(OcfStatus::err_generic, "nfsd is not running: the service's clients get no answer");
  return Outcome::success();
}

}  // namespace hanfs::nfs_grace
