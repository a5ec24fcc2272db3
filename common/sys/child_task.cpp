#include "common/sys/child_task.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/sys/process.h"

namespace hanfs {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;


// Appends what the child has written so far, keeping the last `report_cap`
// bytes (the end says how far it got); draining it while waiting means a
// chatty child never blocks on a full pipe.
void drain(UniqueFd& fd, std::string& text, std::size_t report_cap) {
  char buffer[4096];
  while (fd) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      fd.reset();  // EOF: every writer is gone
      return;
    }
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > report_cap) text.erase(0, text.size() - report_cap);
  }
}

}  // namespace

void report_to(int report_fd, const std::string& text) { (void)!::write(report_fd, text.data(), text.size()); }

ChildTaskResult run_child_task(const std::function<int(int report_fd)>& task, const Deadline& deadline,
                               std::size_t report_cap, const std::string& namespace_dir) {
  const auto started = Clock::now();
  ChildTaskResult result;
  // Stays in the agent's process group; stdin, stdout and stderr on
  // /dev/null: a child abandoned in the kernel must not keep the agent's
  // output open for whoever reads it to the end.
  SpawnSpec spec;
  spec.task = task;
  spec.namespace_dir = namespace_dir;
  spec.session = Session::inherit;
  Spawned spawned = spawn(spec, deadline);
  if (!spawned) {
    result.report = std::string("fork: ") + std::strerror(spawned.error);
    return result;
  }
  Child& child = spawned.child;
  // KILLed before the deadline so that a task that dies at once is reaped by
  // it; one stuck in the kernel is abandoned at the deadline (process.h).
  const EndingSchedule ending = ending_schedule(started, deadline, milliseconds(0));
  while (!child.try_reap()) {
    drain(child.report, result.report, report_cap);
    const auto now = Clock::now();
    if (now >= ending.kill_at) break;
    std::array<pollfd, 2> fds{};
    nfds_t count = 0;
    if (child.report) fds[count++] = pollfd{child.report.get(), POLLIN, 0};
    if (child.pidfd()) fds[count++] = pollfd{child.pidfd().get(), POLLIN, 0};
    const auto wake = child.pidfd() ? ending.kill_at : std::min(ending.kill_at, now + kWaitTick);
    ::poll(fds.data(), count, poll_timeout(now, wake));
  }
  if (!child.reaped()) {
    child.signal(SIGKILL);
    child.wait_until(ending.give_up_at);
    result.ending = ChildTaskResult::Ending::timed_out;
  } else {
    const auto status = child.status();
    const bool succeeded = status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
    result.ending = succeeded ? ChildTaskResult::Ending::succeeded : ChildTaskResult::Ending::failed;
  }
  drain(child.report, result.report, report_cap);
  return result;
}

}  // namespace hanfs
