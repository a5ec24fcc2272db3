// After a takeover, lockd's grace holds every new lock in the service's
// net (NFSv4's too) until the NFSv3 clients have reclaimed theirs. NLM has
// no message that says "done" (NFSv4 has RECLAIM_COMPLETE), so start reads
// it from the service's statd: nfs-server retired its records into sm.bak
// before statd started (prepare_state_dir), and a client's first lock
// request after the takeover, its reclaim, has statd write its record anew
// in sm before lockd answers. A client counts as back once its
// notification is delivered and its record is in sm again; kSettle later
// (its other reclaims follow the first within milliseconds) lockd's grace
// ends. A client that does not come back keeps the grace to its full
// nlm_grace_time, and one that comes back later than that loses to the
// grace rules, as it would without us: never silently.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "agents/nfs-notify/config.h"
#include "agents/nfs-notify/notify_runs.h"
#include "common/ocf/agent.h"

namespace hanfs::nfs_notify {

inline constexpr std::chrono::milliseconds kSettle{2000};

// Pure: the names of NOTIFIED not yet back: still listed by a run's copy
// (UNDELIVERED), or with no record in the service's sm (MONITORED).
std::vector<std::string> awaited_reclaims(const std::vector<std::string>& notified, const hanfs::HostList& monitored,
                                          const hanfs::HostList& undelivered);

// Polls the service's list (a bounded statd_dir task each time) until no
// client of NOTIFIED is awaited, waits kSettle, and ends lockd's grace in
// the service's net. Gives up shortly before the deadline, or when the
// storage does not answer, leaving the grace to run out by itself: the
// start succeeds either way (the notification is under way). Logs which.
void end_grace_once_reclaimed(const Config& config, const hanfs::ActionContext& context,
                              const Activation& activation, std::vector<std::string> notified);

}  // namespace hanfs::nfs_notify
