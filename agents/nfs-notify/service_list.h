// The service's monitored-host list in statd_dir, which follows the service
// from node to node: sm/ the clients to notify at the next takeover, sm.bak/
// those of the current one not yet reached from every address. Direct file
// operations: they run inside the statd_dir task (statd_work.h), under its
// lock, and leave what the log should say in `notes`.
#pragma once

#include <string>
#include <vector>

#include "agents/nfs-notify/config.h"
#include "common/nfs/statd_state.h"

namespace hanfs::nfs_notify {

using Notes = std::vector<std::string>;

// At start: merges the node's own list into statd_dir (nothing recorded
// before the takeover is lost) and returns everything to notify, sm/ and the
// unfinished sm.bak/ of an earlier takeover. With a statd_dir of its own,
// sm/ is then retired into sm.bak/ as sm-notify does at boot (a live statd's
// own directory is left as it is: statd would not rewrite a record it still
// holds in memory).
hanfs::Result<hanfs::HostList> take_notify_list(const Config& config, const hanfs::StatdOwner& owner, Notes& notes);

// While running: clients the node's statd has monitored since go to
// statd_dir/sm, so the next node notifies them too. Returns how many files changed.
hanfs::Result<std::size_t> follow_node_list(const Config& config, const hanfs::StatdOwner& owner);

// Drops from statd_dir/sm.bak the records no run still has to deliver.
// With KEEP_UNTIL_BACK (a service whose grace lasts: its statd started
// with its records retired into sm.bak), a delivered record stays until
// its client is in sm again, having reclaimed: until then sm.bak is the
// only list that names it for the next takeover.
hanfs::Result<void> forget_notified(const Config& config, const hanfs::HostList& still_to_notify,
                                    bool keep_until_back, const hanfs::StatdOwner& owner, Notes& notes);

}  // namespace hanfs::nfs_notify
