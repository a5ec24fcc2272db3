// After a takeover, lockd's grace holds every new lock in the service's
// net (NFSv4's too) until the NFSv3 clients have reclaimed theirs. NLM has
// no message that says "done" (NFSv4 has RECLAIM_COMPLETE), so start reads
// it from what the kernel and the service's statd show:
//   - a client is back once its notification is delivered (no run's copy
//     lists it) and its record in the service's sm was written since the
//     notification began: nfs-server retired the records into sm.bak
//     before statd started (prepare_state_dir), and lockd has statd write
//     a client's record at its first lock request, its reclaim, before it
//     answers. A record from before the notification (a new lock the
//     client asked for first, refused for the grace) does not count: that
//     client is awaited until lockd's grace ends by itself;
//   - then the reclaims have stopped: the number of locks on the service's
//     filesystem in /proc/locks (which only reclaims and unlocks change
//     while the grace lasts) has not changed for kQuiet, longer than NLM
//     takes to resend a lost request (10 s) and than a TCP reconnect.
// Then lockd's grace ends in the service's net. A client that is not back
// keeps the grace to nfs-server's nlm_grace_time; one later than that
// loses to the grace rules, as it would without us.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agents/nfs-notify/config.h"
#include "agents/nfs-notify/notify_runs.h"
#include "common/ocf/agent.h"

namespace hanfs::nfs_notify {

using WallClock = std::chrono::system_clock;
using Clock = std::chrono::steady_clock;

inline constexpr std::chrono::milliseconds kQuiet{10000};

// Pure: the names of NOTIFIED not yet back: listed by a run's copy
// (UNDELIVERED), or with no record in the service's sm written at or after
// SINCE (WRITTEN: record name -> its modification time).
std::vector<std::string> awaited_reclaims(const std::vector<std::string>& notified,
                                          const std::map<std::string, WallClock::time_point>& written,
                                          const hanfs::HostList& undelivered, WallClock::time_point since);

// Pure: fed one poll at a time, says when lockd's grace may end: no client
// awaited and the service's lock count unchanged for kQuiet since the last
// client came back.
class ReclaimsSettle {
 public:
  bool settled(Clock::time_point now, std::size_t awaited, std::size_t locks);

 private:
  std::optional<std::size_t> locks_;
  Clock::time_point quiet_since_{};
};

// Polls (a bounded statd_dir task and a read of /proc/locks each time)
// until the reclaims have settled, then ends lockd's grace in the service's
// net. Gives up, leaving the grace to run its course, when it is over by
// itself, when the storage does not answer, or shortly before the deadline:
// the start succeeds either way (the notification is under way). Logs which.
void end_grace_once_reclaimed(const Config& config, const hanfs::ActionContext& context,
                              const Activation& activation, std::vector<std::string> notified,
                              WallClock::time_point since);

}  // namespace hanfs::nfs_notify
