// Restarting the kernel NFS server in place: all nfsd threads stop (every
// NFSv4 state and, with lockd, every NLM lock held through this node is
// dropped, so the files they pinned are released) and start again, which
// opens a fresh grace period for NFSv3 and NFSv4 reclaims. The new threads
// take the NFSv4 server scope (and server owner) from the host name of the
// process that starts them, so a restart can give every node the same scope;
// the kernel's own legacy client tracker can be pointed at another directory
// while the threads are stopped. Runs in a forked child, within the deadline.
#pragma once

#include <optional>
#include <string>

#include "common/core/deadline.h"
#include "common/nfs/nfs_server.h"
#include "common/core/ocf_status.h"

namespace hanfs {

struct NfsdRestart {
  int threads = 8;                                // threads to start again (> 0)
  std::string scope;                              // host name the new threads see; "" keeps the node's
  std::optional<std::string> legacy_recovery_dir; // written to nfsv4recoverydir while stopped
};

// err_generic naming the step that failed (or "does not finish" when the
// threads do not stop before the deadline: nfsd is then left as it is).
Result<void> restart_nfsd(const Host& host, const NfsdRestart& how, const Deadline& deadline);

}  // namespace hanfs
