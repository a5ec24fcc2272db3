#include "common/core/deadline.h"

#include <algorithm>

namespace hanfs {

using std::chrono::milliseconds;

Deadline::Deadline(milliseconds budget) : at_(Clock::now() + budget) {}

Deadline Deadline::from_meta_timeout(long long timeout_ms, milliseconds fallback, milliseconds elapsed) {
  if (timeout_ms <= 0) return Deadline(fallback);
  const long long margin = std::clamp(timeout_ms / 10, 1000LL, 5000LL);
  // A tiny timeout still gets half of itself rather than nothing.
  const long long budget = std::max(timeout_ms - margin, timeout_ms / 2);
  return Deadline(milliseconds(std::max(budget - elapsed.count(), 0LL)));
}

std::optional<milliseconds> Deadline::hard_limit(long long timeout_ms, milliseconds elapsed) {
  if (timeout_ms <= 0) return std::nullopt;
  const long long guard = std::clamp(timeout_ms / 20, 100LL, 1000LL);
  // A tiny timeout: between the deadline (half of it) and the timeout.
  const long long limit = std::max(timeout_ms - guard, timeout_ms * 3 / 4);
  return milliseconds(std::max(limit - elapsed.count(), 1LL));
}

milliseconds Deadline::remaining() const {
  auto left = std::chrono::duration_cast<milliseconds>(at_ - Clock::now());
  return std::max(left, milliseconds(0));
}

}  // namespace hanfs
