// The time an action has left. Built from OCF_RESKEY_CRM_meta_timeout minus
// a safety margin, so the agent answers before Pacemaker gives up on it.
#pragma once

#include <chrono>

namespace hanfs {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // The action must be done by now + budget.
  explicit Deadline(std::chrono::milliseconds budget);

  // From Pacemaker's timeout (ms): the budget is the timeout less a margin of
  // 10 % (at least 1 s, at most 5 s) so the reason still reaches Pacemaker.
  // A missing or non-positive timeout gives `fallback` (hand runs, ocf-tester).
  static Deadline from_meta_timeout(long long timeout_ms,
                                    std::chrono::milliseconds fallback);

  std::chrono::milliseconds remaining() const;  // never negative
  bool expired() const { return remaining().count() == 0; }
  Clock::time_point at() const { return at_; }

 private:
  Clock::time_point at_;
};

}  // namespace hanfs
