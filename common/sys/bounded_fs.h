// File operations on shared storage (exported directories and their rmtab
// backup, statd and recovery directories, lock files there), each in a
// child task (child_task.h: fork without exec) that the agent waits for
// only until the deadline. On frozen storage (a suspended dm device under a
// mounted filesystem) a realpath, stat, open or read sleeps in the kernel
// uninterruptibly; only abandoning the process that made the call gets the
// action back, with a reason naming the storage, before Pacemaker's timeout.
//
// Cost: one fork without exec per call, 0.58-0.66 ms against 1 us for a
// direct stat (500 bounded_lookup calls on the 2-core build host, shared),
// so callers batch: one lookup per directory, read-compare-write of a file
// in one task. Local files stay direct system calls:
// /proc, /sys and /etc are not on shared storage, HA_RSCTMP state files
// are on a local tmpfs, and /var/lib/nfs is the node's own: a depth-0
// monitor that touches only those stays fork-free.
//
// Every answer is a Result: its error always means "the storage did not
// answer before the deadline" (or the fork failed), never a file-level
// problem, which is part of the value (a missing directory, a refused file,
// a failed write), so callers can fail the action for the first and warn
// or decide for the second.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/text_file.h"

namespace hanfs {

// Runs `op` in a child task; what it returns (up to `answer_cap` bytes) is
// the answer. err_generic on time-out: "<path> on <device> (mounted at
// <mount point>) did not answer within <ms> ms: the storage is frozen or
// gone", the device from /proc/self/mountinfo (read by the agent: local).
// The one mechanism the functions below are built on; call sites with an
// operation of their own (mkdir, a directory walk) use it directly.
Result<std::string> run_bounded_fs(const std::string& path, const std::function<std::string()>& op,
                                   const Deadline& deadline, std::size_t answer_cap = 64 * 1024);

// realpath(3) and stat(2) of the result.
struct PathLookup {
  int error = 0;          // errno of realpath or stat; 0 when found
  std::string resolved;   // when found
  mode_t mode = 0;
  dev_t dev = 0;
  ino_t ino = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  bool found() const { return error == 0; }
  bool is_directory() const;
};
Result<PathLookup> bounded_lookup(const std::string& path, const Deadline& deadline);

// read_regular_file (text_file.h) in a child task.
Result<GuardedRead> bounded_read(const std::string& path, std::size_t cap, const Deadline& deadline);

// replace_text_file (text_file.h) in a child task; the value is empty when
// written, else why not (the storage answered with an error).
struct FileWrite {
  std::string problem;
  bool ok() const { return problem.empty(); }
};
Result<FileWrite> bounded_replace(const std::string& path, const std::string& content, unsigned mode,
                                  std::optional<std::pair<unsigned, unsigned>> owner, const Deadline& deadline);

}  // namespace hanfs
