// The one fork: every process the agents start, exec'd or not, is made
// here, so the discipline is written once. Around fork() every signal is
// blocked (no handler of the agent's runs in the child); the child gets
// default dispositions and an empty mask, stdin from /dev/null, stdout and
// stderr where the spec says, every other descriptor closed, and the
// process group or session the spec asks for. Every child the agent waits
// for (not detached) dies with the agent: PR_SET_PDEATHSIG(SIGKILL), checked
// against an agent already gone by then. The signal follows the thread that
// forked, not the process: the agents are single-threaded (no std::thread,
// no SIGEV_THREAD timer, libqb's log thread never started), so that thread's
// end is the agent's. A SIGCHLD the agent inherited
// as ignored is set to default while any child is ours, or the kernel would
// reap it and its exit status would be lost. argv[0] is found with
// program_path.h (never /bin/sh for ENOEXEC), and an exec failure comes back
// as its errno, not as an exit code. Shapes over this: command.h (run and
// capture), child_task.h (fork without exec), detached.h (outlive the agent).
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/core/deadline.h"
#include "common/sys/unique_fd.h"

namespace hanfs {

// Where the child's stdout or stderr goes.
struct Stream {
  enum class Kind { null, pipe, append_file };
  Kind kind = Kind::null;
  std::string path;  // append_file: created 0600 when missing

  static Stream null() { return {}; }
  static Stream pipe() { return {Kind::pipe, {}}; }
  static Stream append_to(std::string path) { return {Kind::append_file, std::move(path)}; }
};

enum class Session {
  inherit,    // stays in the agent's process group
  own_group,  // leads a new group, so a time-out can end its helpers too
  detached,   // a new session handed to init (double fork): it may outlive the agent
};

struct SpawnSpec {
  // Either a program to exec (argv[0] looked up in the PATH the child gets)...
  std::vector<std::string> argv;
  // ...or, when argv is empty, work for a forked child that does not exec:
  // it ends with _exit(task(report_fd)), 125 when the task throws, 126
  // when its own set-up failed (its report says so).
  std::function<int(int report_fd)> task;
  // "NAME=value" entries added to (or replacing in) the agent's environment;
  // for exec only.
  std::vector<std::string> extra_env;
  // A directory of pinned namespaces (namespaces.h: net, uts, mnt; those
  // present): the child joins them (setns) before it execs or runs the
  // task, so it sees the service's network, host name and mounts. Each is
  // opened by the agent before fork(); a missing pin fails the spawn
  // (ESRCH: the namespace is gone, not the program), a pin that is not a
  // namespace too (EINVAL).
  std::string namespace_dir;
  Session session = Session::own_group;
  Stream out;
  Stream err;
  // Session::detached only: called in the agent while the child is held
  // before exec (so its pid certainly names it); a nonzero errno kills it
  // and fails the spawn.
  std::function<int(pid_t)> while_held;
};

struct Spawned;

// A child of the agent's, until reaped. Dropping it unreaped leaves it to
// init when the agent exits (one stuck in the kernel cannot be waited for).
class Child {
 public:
  Child() = default;
  Child(Child&&) noexcept;
  Child& operator=(Child&&) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  explicit operator bool() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // The agent's ends, non-blocking: stdout and stderr when Stream::pipe, the
  // task's report for a task.
  UniqueFd out;
  UniqueFd err;
  UniqueFd report;
  // Readable once the child has exited; empty without pidfd_open (old
  // kernels, seccomp): poll reaped() on a tick then.
  const UniqueFd& pidfd() const { return pidfd_; }

  // waitpid(WNOHANG); true once reaped (ECHILD, someone else reaped it, counts).
  bool try_reap();
  bool reaped() const { return reaped_; }
  // The wait status, when it was this code that reaped it.
  std::optional<int> status() const { return status_; }
  // The child, until reaped (afterwards its pid may be someone else's).
  void signal(int sig) const;
  // Its group too (Session::own_group): the group id stays reserved while any
  // member lives, so this never reaches a stranger.
  void signal_group(int sig) const;
  // Reaps, waiting on the pidfd (or a tick) until `until`; true once reaped.
  bool wait_until(std::chrono::steady_clock::time_point until);

 private:
  friend Spawned spawn(const SpawnSpec&, const Deadline&);
  void restore_sigchld();
  void finish();

  pid_t pid_ = -1;
  UniqueFd pidfd_;
  bool reaped_ = false;
  std::optional<int> status_;
  // This child holds SIGCHLD at its default (see spawn); the agent's own
  // disposition is put back when the last child holding it is reaped or
  // dropped, not the first: another still running would lose its status.
  bool sigchld_changed_ = false;
};

struct Spawned {
  enum class Failure {
    none,
    output_file,   // the append file could not be opened (error says why)
    setup,         // pipes, /dev/null, fork, or the child's set-up or exec
    exec_timed_out // the deadline passed before exec: the child was killed
  };
  Failure failure = Failure::none;
  int error = 0;  // the errno of the failure
  // Not detached: the child, started (for exec: exec succeeded, or is still
  // pending when the deadline passed; the caller's time-out ends it then).
  Child child;
  // Detached: the process, now init's.
  pid_t detached_pid = -1;

  explicit operator bool() const { return failure == Failure::none; }
};

Spawned spawn(const SpawnSpec& spec, const Deadline& deadline);

// How a child that outlives its deadline is ended, so that the wait for it
// never passes the deadline: TERM (when the shape uses it) at term_at, KILL at
// kill_at, and the wait given up at give_up_at == the deadline. Between KILL
// and the deadline is time to reap a process that dies at once (exit of a
// large lvm under TCG is tens of ms). One stuck in uninterruptible sleep (a
// frozen PV, a hung NFS mount) cannot die until the kernel lets it: it is
// abandoned with KILL pending, PDEATHSIG and, for a command, its own group;
// it stays the agent's zombie at most until the agent exits, which is soon.
struct EndingSchedule {
  std::chrono::steady_clock::time_point term_at;
  std::chrono::steady_clock::time_point kill_at;
  std::chrono::steady_clock::time_point give_up_at;
};
// The reap window (KILL to deadline): kKillBeforeDeadline, and the grace
// (TERM to KILL): `grace`; for a child whose whole budget (started..deadline)
// is short, at most 1/8 and 1/4 of it, so that most of it is still its own.
inline constexpr std::chrono::milliseconds kKillBeforeDeadline{200};
EndingSchedule ending_schedule(std::chrono::steady_clock::time_point started, const Deadline& deadline,
                               std::chrono::milliseconds grace);
// Poll period for a wait that has no pidfd to wake it.
inline constexpr std::chrono::milliseconds kWaitTick{20};

// Rounded up, so a wait does not spin through the last sub-millisecond.
int poll_timeout(std::chrono::steady_clock::time_point now, std::chrono::steady_clock::time_point wake);

}  // namespace hanfs
