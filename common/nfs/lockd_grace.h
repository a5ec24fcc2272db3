// lockd's grace period in one network namespace. The kernel keeps one per
// net (fs/lockd: set when lockd starts there, nlm_grace_period long), and
// /proc/fs/lockd/nlm_end_grace acts on the net of the process that opens
// it, so the agents use it from a child that has joined the service's
// pinned namespaces. While any lock manager of a net is in grace, every new
// lock there waits, NFSv4's too (the kernel's locks_in_grace): ending
// lockd's early is what lets a takeover serve new locks within seconds.
// nfsd's own NFSv4 grace is not touched.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string_view>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs {

// Ends lockd's grace in the net pinned at HOST.namespace_dir (the node's
// own when empty), through HOST.proc. Harmless when it is over already.
// err_generic naming the file or the namespace, within the deadline.
Result<void> end_lockd_grace(const Host& host, const Deadline& deadline);

// Whether any lock manager of that net (lockd, nfsd) is still in grace:
// nlm_end_grace reads "N" then, "Y" when none is. err_generic as above.
Result<bool> net_in_grace(const Host& host, const Deadline& deadline);

// Pure: how many entries of /proc/locks (PROC_LOCKS) are on DEVICE (its
// "MAJ:MIN:INODE" field, major and minor in hex), waiters included. During
// a grace period new locks are refused, so on the service's filesystem
// only reclaims (and unlocks) change this count.
std::size_t locks_on_device(std::string_view proc_locks, dev_t device);

}  // namespace hanfs
