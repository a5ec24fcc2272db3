// monitor: running when the last action finished a start and the node
// shows it (the service's records bound over the tracker's, nfsd serving
// with them); 7 only when nothing of the service is here; an action killed
// half-way, or a node that disagrees with the record, is 1 with the reason.
// nfsd's controls are read in a child within the deadline (a stuck restart
// would hang a plain read).
#include "agents/nfs-grace/actions.h"
#include "agents/nfs-grace/config.h"
#include "agents/nfs-grace/phase.h"

namespace hanfs::nfs_grace {

using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

Outcome failed(const std::string& reason) { return hanfs::outcome(OcfStatus::err_generic, reason); }

}  // namespace

Outcome monitor(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  auto record = read_phase(context);
  if (!record) return failed(record.error().reason);
  auto facts = read_facts(*config, context);
  if (!facts) return failed(facts.error().reason);
  const Phase phase = record->phase;
  const std::string interrupted = "an action was interrupted in phase '" + std::string(phase_name(phase)) + "'";

  if (!facts->bound) {
    if (phase == Phase::restarting || phase == Phase::unbinding || phase == Phase::releasing)
      return failed(interrupted + ": the service's NFSv4 state may still be on this node (stop completes it)");
    if (facts->service_records_in_use)
      return failed("the service's records are not bound but nfsd still uses " + config->legacy_records() +
                    " (a stop was interrupted before its nfsd restart): the service's NFSv4 state still pins "
                    "its filesystem (stop completes it)");
    return hanfs::outcome(OcfStatus::not_running);
  }
  if (phase != Phase::none && phase != Phase::started)
    return failed(interrupted + " with the service's records bound (start or stop completes it)");
  if (facts->nfsd.threads == 0)
    return failed("nfsd is not running: the service's clients get no answer");
  if (!facts->service_records_in_use)
    return failed("the service's records are bound but nfsd was not restarted for the service (nfsv4recoverydir is '" +
                  facts->nfsd.recovery_dir + "'): no grace period, no service scope (start completes it)");
  return Outcome::success();
}

}  // namespace hanfs::nfs_grace
