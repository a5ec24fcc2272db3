// Work that may block in the kernel for ever (a write to nfsd's control
// files while a request hangs, a read from a dead device) runs in a forked
// child, without exec, and the agent waits for it only until the deadline:
// a process can be abandoned where a thread cannot. (Commands run through
// command.h; this is for the agent's own system calls.) The fork-without-exec
// shape of process.h: the child stays in the agent's process group, with
// default signal dispositions and every descriptor but its report closed,
// and dies with the agent (PDEATHSIG). run_child_task returns by the
// deadline: the child is KILLed just before it and abandoned at it.
#pragma once

#include <functional>
#include <string>

#include "common/core/deadline.h"

namespace hanfs {

struct ChildTaskResult {
  enum class Ending {
    succeeded,   // the task returned 0
    failed,      // it returned nonzero (or died)
    timed_out,   // ended for the deadline: KILLed, and abandoned if it
                 // is stuck in the kernel
    fork_failed, // `report` says why
  };
  Ending ending = Ending::fork_failed;
  // What the task wrote to its report descriptor (the last report_cap bytes): on
  // failure, why; on time-out, how far it got.
  std::string report;
  bool ok() const { return ending == Ending::succeeded; }
};

// Runs `task(report_fd)` in a child with stdin, stdout and stderr on
// /dev/null; the child ends with _exit(task's return value), or 125 when
// the task throws. The task should make system calls and write to
// report_fd only.
// `report_cap`: how much of the report is kept (its end); a task that
// returns data (bounded_fs.h) raises it to what it may send.
// `namespace_dir`: pinned namespaces the child joins before the task runs
// (SpawnSpec::namespace_dir): a /proc file that acts on the net of its
// writer is written from inside that net.
ChildTaskResult run_child_task(const std::function<int(int report_fd)>& task, const Deadline& deadline,
                               std::size_t report_cap = 4096, const std::string& namespace_dir = {});

// For tasks: writes `text` to the report descriptor (errors ignored: the
// report is best effort).
void report_to(int report_fd, const std::string& text);

}  // namespace hanfs
