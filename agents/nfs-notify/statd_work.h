// One action's work below statd_dir (the service's list, its lock file, the
// per-run copies), all of it in ONE child task (bounded_fs.h). statd_dir is
// on the service's shared storage: frozen, every stat, open or read there
// sleeps in the kernel, so the agent abandons the task at the deadline and
// fails the action naming statd_dir and its device. One task per action, not
// per file: each costs a fork (about 0.6 ms). The task takes the lock
// itself, so the flock dies with it; it also reads the node's own statd
// directory (local, safe to read directly) because the merge needs both
// lists at once under the lock. What it found comes back as a StatdAnswer
// in a few lines of text; spawning and ending sm-notify stay in the agent.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/nfs-notify/config.h"
#include "agents/nfs-notify/notify_runs.h"

namespace hanfs::nfs_notify {

struct StatdAnswer {
  // What the storage answered with an error (a missing statd_dir, a refused
  // write): the action decides what it means. Not set on time-out.
  std::optional<hanfs::Outcome> problem;
  // Set by with_statd_lock when another holder kept the lock past the wait:
  // travels as the error, as a time-out of the storage does.
  std::optional<std::string> late;
  std::vector<std::string> notes;     // for the agent's log: a task cannot log
  int nsm_state = 0;                  // start: the number announced
  std::size_t clients = 0;            // start: hosts in the list to notify
  std::size_t followed = 0;           // files of statd_dir/sm the node's list changed
  std::vector<RunProgress> progress;  // monitor: per run, names still to notify and last log line
  // start: clients notified (the gathering) and, while it waits, those
  // still awaited (reclaims.h), with the device of statd_dir's filesystem.
  std::vector<std::string> awaited;
  std::uint64_t device = 0;
};

// The work done in the task; it fills the answer (and `problem`).
using StatdWork = std::function<void(StatdAnswer&)>;

// Runs `work` in a child task bounded by `deadline`. The error (err_generic)
// means the storage did not answer in time: the reason names statd_dir, its
// device and mount point (run_bounded_fs), or the lock no other instance
// released in time; anything else is in the answer. Its notes are logged
// here, at info.
hanfs::Result<StatdAnswer> run_statd_work(const Config& config, const StatdWork& work, const hanfs::Deadline& deadline);

// For use inside the work: statd_dir is a directory (never created: on a
// node without the shared filesystem it would appear on the mount point),
// then <statd_dir>/.nfs-notify.lock is held for `locked`. Waits for the lock
// until shortly before `deadline`, leaving the task time to answer.
void with_statd_lock(const Config& config, const hanfs::Deadline& deadline, StatdAnswer& answer,
                     const std::function<void()>& locked);

// The task's answer as text, and back (a round trip; for tests too).
std::string encode_answer(const hanfs::Result<StatdAnswer>& answer);
hanfs::Result<StatdAnswer> decode_answer(std::string_view text);

}  // namespace hanfs::nfs_notify
