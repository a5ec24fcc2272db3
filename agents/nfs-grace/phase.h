// Where the last action got to, and what the node shows. Each step of start
// and stop is recorded in HA_RSCTMP before it is taken (with the thread
// count to restore), so an action killed between two steps is seen by the
// next one, which completes it; the kernel's own facts (the bind, nfsd's
// threads and nfsv4recoverydir) are read too, so a node whose record is
// gone (HA_RSCTMP cleared) is still judged right.
#pragma once

#include <string>
#include <string_view>

#include "agents/nfs-grace/config.h"
#include "common/nfs/nfsd_restart.h"
#include "common/ocf/agent.h"

namespace hanfs::nfs_grace {

enum class Phase {
  none,        // no record: nothing started since boot, or a stop finished
  binding,     // start: binding the service's records over the tracker's
  restarting,  // start: restarting nfsd under the service's scope and records
  started,
  unbinding,   // stop: taking the node's records back
  releasing,   // stop: restarting nfsd, which drops the service's state
};
std::string_view phase_name(Phase phase);

struct PhaseRecord {
  Phase phase = Phase::none;
  int threads = 0;  // the count to start nfsd with; 0 when unknown
};

// Phase::none when there is no record; err_generic when it is not ours.
hanfs::Result<PhaseRecord> read_phase(const hanfs::ActionContext& context);
hanfs::Result<void> write_phase(const hanfs::ActionContext& context, PhaseRecord record);
hanfs::Result<void> clear_phase(const hanfs::ActionContext& context);

struct NodeFacts {
  bool bound = false;            // the service's records over the tracker's
  hanfs::NfsdControls nfsd;
  // nfsd's legacy tracker uses the service's records: a restart for the
  // service took place, and no restart for the node since.
  bool service_records_in_use = false;
  // What a finished start leaves.
  bool started() const { return bound && nfsd.threads > 0 && service_records_in_use; }
};
// The reads of nfsd's controls run within the deadline (nfsd_restart.h).
hanfs::Result<NodeFacts> read_facts(const Config& config, const hanfs::ActionContext& context);

}  // namespace hanfs::nfs_grace
