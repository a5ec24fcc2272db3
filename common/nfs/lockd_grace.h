// lockd's grace period in one network namespace. The kernel keeps one per
// net (fs/lockd: set when lockd starts there, nlm_grace_period long), and
// /proc/fs/lockd/nlm_end_grace ends it for the net of the process that
// writes the file, so the write is made by a child that has joined the
// service's pinned namespaces. While lockd's grace lasts, every new lock in
// that net waits, NFSv4's too (the kernel's locks_in_grace counts every
// lock manager of the net): ending it early is what lets a takeover serve
// new locks within seconds. nfsd's own NFSv4 grace is not touched.
#pragma once

#include <string>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs {

// Ends lockd's grace in the net pinned at HOST.namespace_dir (the node's
// own when empty), through HOST.proc. Harmless when it is over already.
// err_generic naming the file or the namespace, within the deadline.
Result<void> end_lockd_grace(const Host& host, const Deadline& deadline);

}  // namespace hanfs
