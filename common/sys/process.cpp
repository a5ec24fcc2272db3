#include "common/sys/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string_view>

#include "common/sys/program_path.h"

extern char** environ;

namespace hanfs {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What a task's child exits with when its own set-up failed.
constexpr int kTaskSetupFailed = 126;

// SIGCHLD as the agent had it while any child holds it at its default, and
// how many do (the agents are single-threaded: no lock).
struct sigaction saved_sigchld {};
int sigchld_holders = 0;

// Makes SIGCHLD default for one more child when the agent ignores it (or
// asks for SA_NOCLDWAIT); true when this child now holds it.
bool hold_sigchld_default() {
  if (sigchld_holders > 0) {
    ++sigchld_holders;
    return true;
  }
  struct sigaction current {};
  if (::sigaction(SIGCHLD, nullptr, &current) != 0) return false;
  if (current.sa_handler != SIG_IGN && (current.sa_flags & SA_NOCLDWAIT) == 0) return false;
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  if (::sigaction(SIGCHLD, &dfl, &saved_sigchld) != 0) return false;
  sigchld_holders = 1;
  return true;
}

void release_sigchld_default() {
  if (sigchld_holders > 0 && --sigchld_holders == 0) ::sigaction(SIGCHLD, &saved_sigchld, nullptr);
}

// Everything the child needs, built before fork() so that a child that
// execs makes only async-signal-safe calls.
struct Plan {
  std::vector<std::string> argv_storage;
  std::vector<std::string> env_storage;
  std::vector<std::string> candidate_storage;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::vector<const char*> candidates;
  struct sigaction default_action {};
  sigset_t empty_mask{};
  // The agent, recorded before fork(): a child whose parent is no longer
  // this one was orphaned before PR_SET_PDEATHSIG took hold.
  pid_t parent = -1;
  // The namespaces to join (SpawnSpec::namespace_dir), mount last: joining
  // it changes the root the other pins' paths would be read in.
  std::vector<std::pair<UniqueFd, int>> namespaces;
};

// Opens the pins of DIR that exist, in the order they are joined; 0 or errno.
int open_namespaces(const std::string& dir, Plan& plan) {
  for (const auto& [name, type] : {std::pair{"net", CLONE_NEWNET}, std::pair{"uts", CLONE_NEWUTS},
                                   std::pair{"mnt", CLONE_NEWNS}}) {
    UniqueFd fd(::open((dir + "/" + name).c_str(), O_RDONLY | O_CLOEXEC));
    // ESRCH, not ENOENT: a namespace gone is no missing program (command.h).
    if (!fd) return errno == ENOENT ? ESRCH : errno;
    plan.namespaces.emplace_back(std::move(fd), type);
  }
  return 0;
}

// 0, or the errno that stops the spawn.
int make_plan(const SpawnSpec& spec, Plan& plan) {
  plan.default_action.sa_handler = SIG_DFL;
  plan.parent = ::getpid();
  sigemptyset(&plan.default_action.sa_mask);
  sigemptyset(&plan.empty_mask);
  if (!spec.namespace_dir.empty())
    if (const int error = open_namespaces(spec.namespace_dir, plan)) return error;
  if (spec.argv.empty()) return 0;

  plan.argv_storage = spec.argv;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    plan.env_storage.emplace_back(*entry);
  for (const std::string& extra : spec.extra_env) {
    const auto eq = extra.find('=');
    if (eq == std::string::npos || eq == 0) return EINVAL;
    const std::string_view name_eq(extra.data(), eq + 1);
    std::erase_if(plan.env_storage, [&](const std::string& entry) { return entry.starts_with(name_eq); });
    plan.env_storage.push_back(extra);
  }
  // The PATH the child will get, not the agent's.
  std::optional<std::string_view> path;
  for (const std::string& entry : plan.env_storage)
    if (entry.starts_with("PATH=")) path = std::string_view(entry).substr(5);
  plan.candidate_storage = program_candidates(spec.argv.front(), path);
  if (plan.candidate_storage.empty()) return ENOENT;

  for (std::string& arg : plan.argv_storage) plan.argv.push_back(arg.data());
  plan.argv.push_back(nullptr);
  for (std::string& entry : plan.env_storage) plan.envp.push_back(entry.data());
  plan.envp.push_back(nullptr);
  for (const std::string& candidate : plan.candidate_storage) plan.candidates.push_back(candidate.c_str());
  return 0;
}

// The child's descriptors, all above 2 (see lift_above_stdio).
struct ChildFds {
  int in = -1;
  int out = -1;
  int err = -1;
  int report = -1;
};

// In the child, after fork(): async-signal-safe calls only. 0 or errno.
int prepare_child(const Plan& plan, Session session, const ChildFds& fds) noexcept {
  // The parent does the same for own_group; whichever runs first wins the
  // race harmlessly.
  if (session == Session::own_group && ::setpgid(0, 0) != 0) return errno;
  if (session == Session::detached && ::setsid() < 0) return errno;
  // Dies with the agent: Pacemaker's SIGKILL at its timeout must not leave an
  // lvchange or exportfs to finish after the stop that follows. Not for a
  // detached child (sm-notify is meant to outlive start; its parent is the
  // intermediate, gone already). If the agent died before the prctl, the
  // signal will never come: nobody waits for this child, so it goes now.
  if (session != Session::detached) {
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return errno;
    if (::getppid() != plan.parent) ::_exit(127);
  }

  // Every signal is blocked (see fork_with_signals_blocked): no handler of
  // the agent's can run here. Defaults, since SIG_IGN survives exec and a
  // task must not run the agent's handlers on a copy of its state.
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &plan.default_action, nullptr);

  for (const auto& [from, to] : {std::pair{fds.in, STDIN_FILENO}, std::pair{fds.out, STDOUT_FILENO},
                                 std::pair{fds.err, STDERR_FILENO}}) {
    while (::dup2(from, to) < 0)
      if (errno != EINTR) return errno;
  }
  // Before the descriptors go: the pins are among them. A pin that is a
  // plain file (no namespace mounted there) is EINVAL.
  for (const auto& [fd, type] : plan.namespaces)
    if (::setns(fd.get(), type) != 0) return errno;
  // Everything above 2 but the report pipe: an abandoned child must not
  // hold the agent's locks or pipes open.
  int rc = 0;
  if (fds.report > 3) rc = ::close_range(3, static_cast<unsigned>(fds.report - 1), 0);
  if (rc == 0) rc = ::close_range(static_cast<unsigned>(fds.report + 1), ~0U, 0);
  if (rc != 0) {  // no close_range (kernel before 5.9): one by one
    int max_fd = 1024;
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
      max_fd = static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
    for (int fd = 3; fd < max_fd; ++fd)
      if (fd != fds.report) ::close(fd);
  }

  ::sigprocmask(SIG_SETMASK, &plan.empty_mask, nullptr);
  return 0;
}

void write_all(int fd, const void* data, std::size_t size) noexcept {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Sends errno to the parent and exits (the parent reports the errno, never
// this exit code).
[[noreturn]] void report_and_exit(int report_fd, int error) noexcept {
  write_all(report_fd, &error, sizeof error);
  ::_exit(127);
}

// Each candidate in turn, as execvp does, but never through /bin/sh.
[[noreturn]] void exec_candidates(const Plan& plan, int report_fd) noexcept {
  bool saw_eacces = false;
  int error = ENOENT;
  for (const char* candidate : plan.candidates) {
    ::execve(candidate, plan.argv.data(), plan.envp.data());
    error = errno;
    switch (error) {
      case EACCES:
        saw_eacces = true;
        continue;
      case ENOENT:
      case ENOTDIR:
      case ESTALE:
      case ENODEV:
      case ETIMEDOUT:
        continue;
      default:
        report_and_exit(report_fd, error);
    }
  }
  report_and_exit(report_fd, saw_eacces ? EACCES : error);
}

// The child's whole life after fork(): set up, then exec or the task.
[[noreturn]] void become_child(const SpawnSpec& spec, const Plan& plan, const ChildFds& fds) noexcept {
  const int error = prepare_child(plan, spec.session, fds);
  if (!spec.argv.empty()) {
    if (error != 0) report_and_exit(fds.report, error);
    exec_candidates(plan, fds.report);
  }
  if (error != 0) {
    const char* text = "cannot set up the child process";
    write_all(fds.report, text, std::strlen(text));
    ::_exit(kTaskSetupFailed);
  }
  int rc = 125;
  try {
    rc = spec.task(fds.report);
  } catch (...) {
    const char* text = "the task failed with an exception";
    write_all(fds.report, text, std::strlen(text));
  }
  ::_exit(rc);
}

// fork() with every signal blocked around it, so that no handler of the
// agent's can run in the child; `in_child` must not return. The pid, or -1
// with `error` set.
template <class InChild>
pid_t fork_with_signals_blocked(InChild&& in_child, int& error) {
  sigset_t all_signals;
  sigset_t saved_mask;
  sigfillset(&all_signals);
  ::pthread_sigmask(SIG_SETMASK, &all_signals, &saved_mask);
  const pid_t pid = ::fork();
  if (pid == 0) {
    in_child();
    ::_exit(127);  // not reached
  }
  error = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
  return pid;
}

int make_pipe(UniqueFd& read_end, UniqueFd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  return 0;
}

// The child dup2()s onto 0-2 and keeps its report fd across close_range, so
// none of the fds it uses may be 0-2 themselves (possible when the agent was
// started with a standard stream closed).
int lift_above_stdio(UniqueFd& fd) {
  if (!fd || fd.get() > STDERR_FILENO) return 0;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0) return errno;
  fd.reset(moved);
  return 0;
}

int set_nonblocking(const UniqueFd& fd) {
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) return errno;
  return 0;
}

UniqueFd open_pidfd(pid_t pid) {
  // No glibc wrapper in 2.36.
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  return UniqueFd(fd >= 0 ? static_cast<int>(fd) : -1);
}

// Reads a non-blocking pipe until `size` bytes or EOF, waiting until the
// deadline: the count, or -1 when the deadline came first.
long read_until(int fd, void* buffer, std::size_t size, const Deadline& deadline) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, static_cast<char*>(buffer) + got, size - got);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) break;
    pollfd p{fd, POLLIN, 0};
    const auto now = Clock::now();
    if (now >= deadline.at()) return -1;
    if (::poll(&p, 1, poll_timeout(now, deadline.at())) == 0 && deadline.expired()) return -1;
  }
  return static_cast<long>(got);
}

// The errno a child reported before it would have exec'd: 0 when exec
// succeeded (EOF), -1 when the deadline passed first.
int exec_report(const UniqueFd& report, const Deadline& deadline) {
  int error = 0;
  const long got = read_until(report.get(), &error, sizeof error, deadline);
  if (got < 0) return -1;
  return got == static_cast<long>(sizeof error) ? error : 0;
}

}  // namespace

int poll_timeout(Clock::time_point now, Clock::time_point wake) {
  if (wake <= now) return 0;
  const auto ms = std::chrono::ceil<milliseconds>(wake - now).count();
  return static_cast<int>(std::min<long long>(ms, INT_MAX));
}

EndingSchedule ending_schedule(Clock::time_point started, const Deadline& deadline, milliseconds grace) {
  const auto at = deadline.at();
  const auto budget = std::max(at - started, Clock::duration::zero());
  const auto reap = std::min<Clock::duration>(kKillBeforeDeadline, budget / 8);
  const auto term = std::min<Clock::duration>(std::max(grace, milliseconds(0)), budget / 4);
  return {at - reap - term, at - reap, at};
}

// ---- Child ------------------------------------------------------------------

Child::Child(Child&& other) noexcept { *this = std::move(other); }

Child& Child::operator=(Child&& other) noexcept {
  if (this == &other) return *this;
  finish();
  out = std::move(other.out);
  err = std::move(other.err);
  report = std::move(other.report);
  pid_ = std::exchange(other.pid_, -1);
  pidfd_ = std::move(other.pidfd_);
  reaped_ = other.reaped_;
  status_ = other.status_;
  sigchld_changed_ = std::exchange(other.sigchld_changed_, false);
  return *this;
}

Child::~Child() { finish(); }

void Child::finish() {
  if (pid_ > 0) try_reap();
  restore_sigchld();
}

void Child::restore_sigchld() {
  // A child left unreaped is then reaped by the kernel itself when it ends,
  // if the agent ignores SIGCHLD, as it would have been without us.
  if (sigchld_changed_) release_sigchld_default();
  sigchld_changed_ = false;
}

bool Child::try_reap() {
  if (reaped_ || pid_ <= 0) return reaped_;
  int status = 0;
  pid_t rc;
  do {
    rc = ::waitpid(pid_, &status, WNOHANG);
  } while (rc < 0 && errno == EINTR);
  if (rc == pid_) {
    reaped_ = true;
    status_ = status;
  } else if (rc < 0) {
    // ECHILD: a waitpid(-1) elsewhere took it. It is gone; its status is lost.
    reaped_ = true;
  }
  if (reaped_) {
    pidfd_.reset();
    restore_sigchld();
  }
  return reaped_;
}

void Child::signal(int sig) const {
  if (pid_ <= 0 || reaped_) return;
  if (pidfd_) ::syscall(SYS_pidfd_send_signal, pidfd_.get(), sig, nullptr, 0);
  else ::kill(pid_, sig);
}

void Child::signal_group(int sig) const {
  if (pid_ <= 0) return;
  ::kill(-pid_, sig);
  // In case the program moved itself to another group or session.
  signal(sig);
}

bool Child::wait_until(Clock::time_point until) {
  while (!try_reap()) {
    const auto now = Clock::now();
    if (now >= until) return false;
    const auto wake = pidfd_ ? until : std::min(until, now + kWaitTick);
    pollfd p{pidfd_.get(), POLLIN, 0};
    ::poll(&p, pidfd_ ? 1 : 0, poll_timeout(now, wake));
  }
  return true;
}

// ---- spawn ------------------------------------------------------------------

Spawned spawn(const SpawnSpec& spec, const Deadline& deadline) {
  Spawned result;
  const auto failed = [&](Spawned::Failure failure, int error) {
    result.failure = failure;
    result.error = error;
    result.child = Child();
    return std::move(result);
  };
  const bool exec = !spec.argv.empty();
  if (!exec && !spec.task) return failed(Spawned::Failure::setup, EINVAL);
  if (!exec && spec.session == Session::detached) return failed(Spawned::Failure::setup, EINVAL);

  Plan plan;
  if (const int error = make_plan(spec, plan)) return failed(Spawned::Failure::setup, error);

  // The agent's ends are non-blocking; the child's stay blocking. One
  // /dev/null serves stdin and every stream that goes nowhere.
  UniqueFd in(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!in) return failed(Spawned::Failure::setup, errno);
  UniqueFd out_read, out_write, err_read, err_write;
  const auto open_stream = [&](const Stream& stream, UniqueFd& read_end, UniqueFd& write_end) {
    switch (stream.kind) {
      case Stream::Kind::null:
        return 0;  // the child gets `in`
      case Stream::Kind::pipe:
        if (const int error = make_pipe(read_end, write_end)) return error;
        return set_nonblocking(read_end);
      case Stream::Kind::append_file:
        write_end.reset(::open(stream.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
        return write_end ? 0 : errno;
    }
    return EINVAL;
  };
  const auto stream_failure = [](const Stream& stream) {
    return stream.kind == Stream::Kind::append_file ? Spawned::Failure::output_file : Spawned::Failure::setup;
  };
  if (const int error = open_stream(spec.out, out_read, out_write)) return failed(stream_failure(spec.out), error);
  // stdout and stderr to the same file share one open file description.
  const bool err_is_out = spec.err.kind == Stream::Kind::append_file && spec.out.kind == Stream::Kind::append_file &&
                          spec.err.path == spec.out.path;
  if (!err_is_out)
    if (const int error = open_stream(spec.err, err_read, err_write)) return failed(stream_failure(spec.err), error);
  // exec: errno, or EOF once exec succeeded (O_CLOEXEC). Task: its report.
  UniqueFd report_read, report_write;
  if (const int error = make_pipe(report_read, report_write)) return failed(Spawned::Failure::setup, error);
  if (const int error = set_nonblocking(report_read)) return failed(Spawned::Failure::setup, error);
  // Detached: grandchild -> agent, its pid; agent -> grandchild, closed = go on.
  UniqueFd pid_read, pid_write, go_read, go_write;
  if (spec.session == Session::detached) {
    if (const int error = make_pipe(pid_read, pid_write)) return failed(Spawned::Failure::setup, error);
    if (const int error = make_pipe(go_read, go_write)) return failed(Spawned::Failure::setup, error);
    if (const int error = set_nonblocking(pid_read)) return failed(Spawned::Failure::setup, error);
  }
  for (UniqueFd* fd : {&in, &out_write, &err_write, &report_write, &pid_write, &go_read})
    if (const int error = lift_above_stdio(*fd)) return failed(Spawned::Failure::setup, error);
  const auto or_null = [&in](const UniqueFd& fd) { return fd ? fd.get() : in.get(); };
  const ChildFds fds{in.get(), or_null(out_write), err_is_out ? out_write.get() : or_null(err_write),
                     report_write.get()};

  // With SIGCHLD ignored (inherited from whoever started the agent) or
  // SA_NOCLDWAIT, the kernel reaps the child itself and its status is lost:
  // default while the child is ours (result.child puts it back).
  Child& child = result.child;
  child.sigchld_changed_ = hold_sigchld_default();

  int fork_errno = 0;
  if (spec.session != Session::detached) {
    const pid_t pid = fork_with_signals_blocked([&] { become_child(spec, plan, fds); }, fork_errno);
    if (pid < 0) return failed(Spawned::Failure::setup, fork_errno);
    child.pid_ = pid;
    // EACCES here means the child has already exec'd, so it did this itself.
    if (spec.session == Session::own_group) ::setpgid(pid, pid);
    child.pidfd_ = open_pidfd(pid);
    in.reset();
    out_write.reset();
    err_write.reset();
    report_write.reset();
    child.out = std::move(out_read);
    child.err = std::move(err_read);
    if (!exec) {
      child.report = std::move(report_read);
      return result;
    }
    // An exec that hangs (a program on a dead NFS mount) is the caller's
    // time-out: the child is returned still pending.
    const int error = exec_report(report_read, deadline);
    if (error <= 0) return result;
    // It _exits right after reporting; one that does not (stopped, say) must
    // not hold the action past its deadline: KILLed, and left to init.
    if (!child.wait_until(deadline.at())) child.signal(SIGKILL);
    return failed(Spawned::Failure::setup, error);
  }

  const pid_t middle = fork_with_signals_blocked(
      [&] {
        // The intermediate child forks the real one and exits, so the real
        // one is reparented to init and never becomes the agent's zombie.
        const pid_t grandchild = ::fork();
        if (grandchild < 0) report_and_exit(fds.report, errno);
        if (grandchild > 0) ::_exit(0);
        // Only the agent's end of the go pipe may keep it open, or EOF never comes.
        ::close(go_write.get());
        const int self = static_cast<int>(::getpid());
        write_all(pid_write.get(), &self, sizeof self);
        ::close(pid_write.get());
        char byte;
        while (::read(go_read.get(), &byte, 1) < 0 && errno == EINTR) {
        }
        become_child(spec, plan, fds);
      },
      fork_errno);
  if (middle < 0) return failed(Spawned::Failure::setup, fork_errno);
  in.reset();
  out_write.reset();
  err_write.reset();
  report_write.reset();
  pid_write.reset();
  go_read.reset();
  {
    // It exits right after its fork; reaped, but never waited for past the
    // deadline (left to init with the agent otherwise).
    Child intermediate;
    intermediate.pid_ = middle;
    intermediate.pidfd_ = open_pidfd(middle);
    intermediate.wait_until(deadline.at());
  }

  int pid = 0;
  const long got = read_until(pid_read.get(), &pid, sizeof pid, deadline);
  if (got != static_cast<long>(sizeof pid) || pid <= 0) {
    // The intermediate could not fork: its errno is in the report pipe.
    const int error = got < 0 ? 0 : exec_report(report_read, deadline);
    return failed(Spawned::Failure::setup, error > 0 ? error : 0);
  }
  // Held before exec (blocked on the go pipe): this pid is certainly ours,
  // and so is a pidfd opened now.
  const UniqueFd pidfd = open_pidfd(pid);
  const auto kill_held = [&] {
    if (pidfd) ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
    else ::kill(pid, SIGKILL);
    ::kill(-pid, SIGKILL);  // its group, once setsid() has made one
  };
  if (spec.while_held)
    if (const int error = spec.while_held(pid)) {
      kill_held();
      return failed(Spawned::Failure::setup, error);
    }
  go_write.reset();
  const int error = exec_report(report_read, deadline);
  if (error < 0) {
    kill_held();
    return failed(Spawned::Failure::exec_timed_out, ETIMEDOUT);
  }
  if (error > 0) return failed(Spawned::Failure::setup, error);
  result.detached_pid = pid;
  return result;
}

}  // namespace hanfs
