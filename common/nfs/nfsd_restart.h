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

// err_generic naming the step that failed, or the step the helper was
// abandoned in at the deadline (nfsd is then left with 0 threads: the new
// count is never written).
Result<void> restart_nfsd(const Host& host, const NfsdRestart& how, const Deadline& deadline);

// nfsd's threads and nfsv4recoverydir as they are now.
struct NfsdControls {
  bool loaded = false;       // the control files are there
  int threads = 0;
  std::string recovery_dir;  // what the legacy tracker uses
};
// Read in a child task within the deadline: a restart stuck stopping the
// threads holds the mutex both reads take, and a plain read would hang the
// agent. err_generic when they do not answer.
Result<NfsdControls> read_nfsd_controls(const Host& host, const Deadline& deadline);

}  // namespace hanfs
