// The time an action has left. Built from OCF_RESKEY_CRM_meta_timeout minus
// a safety margin, so the agent answers before Pacemaker gives up on it.
// Two limits, both before the timeout T. Pacemaker's clock starts at its
// fork of the agent; `elapsed` is how long ago that was when main runs
// (proc_stat.h age_of_this_process: the exec and the loading, seen at up to
// 0.7 s on a loaded 1-vCPU emulated guest), taken off both:
//   the deadline, T - margin: the runners (command.h, child_task.h) return
//     by it by construction; the margin is what is left for the work after
//     the last command (building the reason, logging, a state file, exit:
//     30-70 ms under TCG in the bench's whole monitors) plus the guard's;
//   the hard limit, T - guard: the dispatcher's watchdog (agent.cpp) answers
//     1 with a reason there if the action still runs, rather than be
//     SIGKILLed silently; the guard covers writing that line, the exit and
//     the wait of a process on a loaded CPU to be scheduled at all.
// margin = 10 % of T within 1-5 s; guard = 5 % of T within 100-1000 ms. The
// gap between them (at least 500 ms from T = 5 s up) is ten times what the
// post-command work takes under TCG, so a healthy action never meets the
// watchdog; the margin no longer needs to absorb a runner's overrun.
#pragma once

#include <chrono>
#include <optional>

namespace hanfs {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // The action must be done by now + budget.
  explicit Deadline(std::chrono::milliseconds budget);

  // From Pacemaker's timeout (ms): the budget is the timeout less a margin of
  // 10 % (at least 1 s, at most 5 s) so the reason still reaches Pacemaker.
  // A missing or non-positive timeout gives `fallback` (hand runs, ocf-tester).
  static Deadline from_meta_timeout(long long timeout_ms, std::chrono::milliseconds fallback,
                                    std::chrono::milliseconds elapsed = std::chrono::milliseconds(0));
  // When the watchdog fires, from now (later than the deadline for every
  // positive timeout; at least 1 ms); nullopt without a timeout.
  static std::optional<std::chrono::milliseconds> hard_limit(
      long long timeout_ms, std::chrono::milliseconds elapsed = std::chrono::milliseconds(0));

  std::chrono::milliseconds remaining() const;  // never negative
  bool expired() const { return remaining().count() == 0; }
  Clock::time_point at() const { return at_; }

 private:
  Clock::time_point at_;
};

}  // namespace hanfs
