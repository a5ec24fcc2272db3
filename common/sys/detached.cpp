#include "common/sys/detached.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "common/sys/command.h"
#include "common/sys/process.h"
#include "common/sys/unique_fd.h"

namespace hanfs {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A pidfd for exactly `id` (empty when it is gone or not ours; `supported`
// false when the kernel has no pidfd_open).
UniqueFd open_pidfd(const ProcessId& id, bool& supported) {
  supported = true;
  const long fd = ::syscall(SYS_pidfd_open, id.pid, 0);
  if (fd < 0) {
    supported = errno != ENOSYS && errno != EPERM;
    return UniqueFd();
  }
  UniqueFd pidfd(static_cast<int>(fd));
  // Checked after opening: if the stat still shows our start time, the pidfd
  // refers to our process (its pid could not have been reused meanwhile).
  if (!process_alive(id)) return UniqueFd();
  return pidfd;
}

// Signals the process (through its pidfd when there is one) and the group
// it leads. Only called while the leader is known to be ours and alive, so
// the group id cannot belong to anyone else.
void signal_process_and_group(const ProcessId& id, const UniqueFd& pidfd, int sig) {
  if (pidfd) ::syscall(SYS_pidfd_send_signal, pidfd.get(), sig, nullptr, 0);
  else ::kill(id.pid, sig);
  ::kill(-id.pid, sig);
}

// Waits for the process to end, until `until` at the latest.
bool wait_gone(const ProcessId& id, const UniqueFd& pidfd, Clock::time_point until) {
  for (;;) {
    if (!process_alive(id)) return true;
    const auto now = Clock::now();
    if (now >= until) return false;
    const int wait_ms = poll_timeout(now, std::min(until, now + (pidfd ? milliseconds(1000) : kWaitTick)));
    pollfd p{pidfd.get(), POLLIN, 0};
    ::poll(&p, pidfd ? 1 : 0, wait_ms);
  }
}

}  // namespace

Result<ProcessId> spawn_detached(const std::vector<std::string>& argv, const Deadline& deadline,
                                 const DetachedOptions& options) {
  const std::string program = argv.empty() ? std::string("nothing") : argv.front();
  const auto failed = [&](int error) {
    return fail(status_of_spawn_failure(error), "cannot start " + program + ": " +
                                                    std::generic_category().message(error));
  };
  if (argv.empty()) return failed(EINVAL);
  if (deadline.expired()) return fail(OcfStatus::err_generic, "no time left to start " + program);

  SpawnSpec spec;
  spec.argv = argv;
  spec.extra_env = options.extra_env;
  spec.namespace_dir = options.namespace_dir;
  spec.session = Session::detached;
  spec.out = options.output_file.empty() ? Stream::null() : Stream::append_to(options.output_file);
  spec.err = spec.out;
  bool stat_unreadable = false;
  unsigned long long start_time = 0;
  spec.while_held = [&](pid_t pid) {
    const auto stat = read_proc_stat(pid);
    if (!stat) {
      stat_unreadable = true;
      return ESRCH;
    }
    start_time = stat->start_time;
    return 0;
  };
  const Spawned spawned = spawn(spec, deadline);
  switch (spawned.failure) {
    case Spawned::Failure::none:
      return ProcessId{spawned.detached_pid, start_time};
    case Spawned::Failure::output_file:
      return fail(OcfStatus::err_generic, "cannot open " + options.output_file + " for " + program +
                                              "'s output: " + std::generic_category().message(spawned.error));
    case Spawned::Failure::exec_timed_out:
      return fail(OcfStatus::err_generic, "timed out starting " + program);
    case Spawned::Failure::setup:
      break;
  }
  if (stat_unreadable) return fail(OcfStatus::err_generic, "cannot start " + program + ": its /proc entry is unreadable");
  if (spawned.error == 0)
    return fail(OcfStatus::err_generic, "cannot start " + program + ": the helper process did not report");
  return failed(spawned.error);
}

bool end_process(const ProcessId& id, const Deadline& deadline, milliseconds grace) {
  if (id.pid <= 0) return true;
  bool supported = false;
  UniqueFd pidfd = open_pidfd(id, supported);
  if (!pidfd && (supported || !process_alive(id))) return true;  // gone, or not ours
  signal_process_and_group(id, pidfd, SIGTERM);
  signal_process_and_group(id, pidfd, SIGCONT);  // a stopped process cannot act on TERM
  const auto now = Clock::now();
  if (wait_gone(id, pidfd, std::min(deadline.at(), now + std::max(grace, milliseconds(0))))) return true;
  if (!process_alive(id)) return true;
  signal_process_and_group(id, pidfd, SIGKILL);
  return wait_gone(id, pidfd, deadline.at());
}

}  // namespace hanfs
