// Processes that outlive the agent (sm-notify's retries): the detached
// shape of process.h, and ending such a process later from its ProcessId,
// never signalling a pid that has since gone to someone else.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/proc_stat.h"

namespace hanfs {

struct DetachedOptions {
  // stdout and stderr are appended to this file (created 0600 when missing);
  // empty: /dev/null.
  std::string output_file;
  // Extra environment entries ("NAME=value"), added to the agent's own.
  std::vector<std::string> extra_env;
  // Run inside these pinned namespaces (process.h, SpawnSpec::namespace_dir).
  std::string namespace_dir;
};

// Starts argv (PATH lookup as run_command) in a new session, so in its own
// process group with no controlling terminal, stdin from /dev/null and every
// fd but 0-2 closed, and hands it to init (double fork): the agent may exit
// while it runs. Returns once exec has succeeded; the start time is read while
// the process is held before exec, so it is certainly this process's.
// Failures to start: status_of_spawn_failure (command.h).
Result<ProcessId> spawn_detached(const std::vector<std::string>& argv, const Deadline& deadline,
                                 const DetachedOptions& options = {});

// Ends that process and its process group: TERM, then KILL after `grace` (or
// at the deadline). Never signals a process whose start time differs. True
// when it is gone (or was never there).
bool end_process(const ProcessId& id, const Deadline& deadline,
                 std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

}  // namespace hanfs
