// The instance's sm-notify runs: one activation's runs as start recorded
// them in the instance's state file (under HA_RSCTMP, so "since this boot"),
// and what monitor makes of their progress.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/nfs-notify/config.h"
#include "common/ocf/agent.h"
#include "common/sys/proc_stat.h"
#include "common/ocf/state_file.h"
#include "common/nfs/statd_state.h"

namespace hanfs::nfs_notify {

struct Run {
  std::string host;                      // the -v address or name
  std::string dir;                       // its copy of the list (-P)
  std::optional<hanfs::ProcessId> process;  // none: nothing to notify
};

struct Activation {
  long long started = 0;                 // CLOCK_BOOTTIME seconds
  int retry_minutes = 15;
  std::vector<Run> runs;
};

hanfs::StateFile state_file(const hanfs::ActionContext& context);
hanfs::StateValues encode(const Activation& activation);
hanfs::Result<Activation> decode(const hanfs::StateValues& values);

// This instance's sm-notify processes that run now, found in /proc without
// the state file (a start killed before writing it, HA_RSCTMP lost): named
// sm-notify, with its -P copy among this instance's copies (copies_dir is
// per instance and per service statd_dir). Empty without a statd_dir.
std::vector<hanfs::ProcessId> running_sm_notify_of_ours(const Config& config, const hanfs::ActionContext& context);

// Seconds since boot (CLOCK_BOOTTIME: counts suspend, never jumps).
long long boot_seconds();

// What monitor found for one run.
struct RunProgress {
  hanfs::HostList remaining;             // clients its copy still lists
  bool alive = false;                    // its sm-notify still runs
  std::string last_log_line;             // of its sm-notify output
};

// Pure: 0 while runs are in progress or done; degraded when the retry window
// is over (or a run ended early) and clients were never reached, naming how
// many and which.
hanfs::Outcome assess(const Activation& activation, const std::vector<RunProgress>& progress, long long now);

}  // namespace hanfs::nfs_notify
