#include "common/sys/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

extern char** environ;

namespace hanfs {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the child exits, pipes still held open by grandchildren are drained
// until they have been quiet this long...
constexpr milliseconds kIdleAfterExit{50};
// ...but never for longer than this (a grandchild that writes forever).
constexpr milliseconds kMaxDrainAfterExit{1000};
// After KILL, how long to wait for the child to be reaped. A process stuck
// in uninterruptible sleep (a hung NFS mount) cannot die; the agent must
// still answer, so it gives up and leaves the child to init.
constexpr milliseconds kReapAfterKill{2000};
// Poll period for waitpid(WNOHANG) when there is no pidfd to wake us.
constexpr milliseconds kTick{20};
constexpr std::size_t kReadChunk = 64 * 1024;
// The line describe_with_stderr() quotes is cut to this many bytes.
constexpr std::size_t kMaxStderrLine = 512;

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  // close() is not retried on EINTR: on Linux the fd is gone either way.
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// A value or an errno. std::expected would do, but clang 14 (the fuzz
// build) cannot use libstdc++ 12's <expected>.
template <class T>
class OrErrno {
 public:
  OrErrno(T value) : value_(std::move(value)) {}
  static OrErrno failure(int error) { return OrErrno(error); }
  explicit operator bool() const { return error_ == 0; }
  T& operator*() { return *value_; }
  T* operator->() { return &*value_; }
  int error() const { return error_; }

 private:
  explicit OrErrno(int error) : error_(error) {}
  std::optional<T> value_;
  int error_ = 0;
};

OrErrno<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return OrErrno<Pipe>::failure(errno);
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The child dup2()s onto 0-2 and keeps its report fd across close_range, so
// none of the fds it uses may be 0-2 themselves (possible when the agent was
// started with a standard stream closed).
int lift_above_stdio(UniqueFd& fd) {
  if (fd.get() > STDERR_FILENO) return 0;
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

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

// Everything the child needs, built before fork() so that the child only
// makes async-signal-safe calls.
struct ChildPlan {
  std::vector<std::string> argv_storage;
  std::vector<std::string> env_storage;
  std::vector<std::string> candidate_storage;  // argv[0] resolved via PATH
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::vector<const char*> candidates;
  int fallback_max_fd = 1024;  // for closing fds if close_range is missing
  struct sigaction default_action {};
  sigset_t empty_mask{};
};

OrErrno<ChildPlan> make_plan(const std::vector<std::string>& argv,
                                        const CommandOptions& options) {
  ChildPlan plan;
  plan.argv_storage = argv;

  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    plan.env_storage.emplace_back(*entry);
  for (const std::string& extra : options.extra_env) {
    const auto eq = extra.find('=');
    if (eq == std::string::npos || eq == 0) return OrErrno<ChildPlan>::failure(EINVAL);
    const std::string_view name_eq(extra.data(), eq + 1);
    std::erase_if(plan.env_storage,
                  [&](const std::string& entry) { return entry.starts_with(name_eq); });
    plan.env_storage.push_back(extra);
  }

  // PATH lookup as execvp does it, but with the PATH the child will get and
  // without ever falling back to /bin/sh for ENOEXEC.
  const std::string& file = argv.front();
  if (file.empty()) return OrErrno<ChildPlan>::failure(ENOENT);
  if (file.find('/') != std::string::npos) {
    plan.candidate_storage.push_back(file);
  } else {
    std::string_view path = "/bin:/usr/bin";  // glibc's default
    for (const std::string& entry : plan.env_storage) {
      if (entry.starts_with("PATH=")) {
        path = std::string_view(entry).substr(5);
        break;
      }
    }
    std::size_t start = 0;
    for (;;) {
      const auto colon = path.find(':', start);
      const auto dir = path.substr(start, colon == std::string_view::npos ? colon : colon - start);
      // An empty element means the current directory, as for execvp.
      plan.candidate_storage.push_back(dir.empty() ? file : std::string(dir) + "/" + file);
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
  }

  for (std::string& arg : plan.argv_storage) plan.argv.push_back(arg.data());
  plan.argv.push_back(nullptr);
  for (std::string& entry : plan.env_storage) plan.envp.push_back(entry.data());
  plan.envp.push_back(nullptr);
  for (const std::string& candidate : plan.candidate_storage)
    plan.candidates.push_back(candidate.c_str());

  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    plan.fallback_max_fd = static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
  plan.default_action.sa_handler = SIG_DFL;
  sigemptyset(&plan.default_action.sa_mask);
  sigemptyset(&plan.empty_mask);
  return plan;
}

// Child side: sends errno to the parent and exits with 127 (the parent
// reports spawn_failed, not the exit code).
[[noreturn]] void report_and_exit(int report_fd, int error) noexcept {
  const char* bytes = reinterpret_cast<const char*>(&error);
  std::size_t left = sizeof error;
  while (left > 0) {
    const ssize_t n = ::write(report_fd, bytes, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes += n;
    left -= static_cast<std::size_t>(n);
  }
  ::_exit(127);
}

// Between fork() and exec: async-signal-safe calls only, no allocation.
[[noreturn]] void exec_child(const ChildPlan& plan, int stdin_fd, int stdout_fd, int stderr_fd,
                             int report_fd, bool new_session = false) noexcept {
  const auto fail = [report_fd](int error) { report_and_exit(report_fd, error); };

  // Own process group, so a timeout can kill grandchildren too. The parent
  // does the same; whichever runs first wins the race harmlessly. A detached
  // process gets its own session (and so its own group) instead.
  if (new_session ? ::setsid() < 0 : ::setpgid(0, 0) != 0) fail(errno);

  // The parent blocked every signal around fork(): no parent handler can run
  // here. Give the program default dispositions (SIG_IGN survives exec).
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &plan.default_action, nullptr);
  }

  const auto move_to = [&](int from, int to) {
    while (::dup2(from, to) < 0) {
      if (errno != EINTR) fail(errno);
    }
  };
  move_to(stdin_fd, STDIN_FILENO);
  move_to(stdout_fd, STDOUT_FILENO);
  move_to(stderr_fd, STDERR_FILENO);

  // Close everything above 2 but the report pipe (which is O_CLOEXEC).
  int rc = 0;
  if (report_fd > 3) rc = ::close_range(3, static_cast<unsigned>(report_fd - 1), 0);
  if (rc == 0) rc = ::close_range(static_cast<unsigned>(report_fd + 1), ~0U, 0);
  if (rc != 0) {
    for (int fd = 3; fd < plan.fallback_max_fd; ++fd) {
      if (fd != report_fd) ::close(fd);
    }
  }

  ::sigprocmask(SIG_SETMASK, &plan.empty_mask, nullptr);

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
        fail(error);
    }
  }
  report_and_exit(report_fd, saw_eacces ? EACCES : error);
}

// fork() with every signal blocked around it, so that no handler of the
// agent's can run in the child; `in_child` runs there and must not return.
// Returns the pid, or -1 with `error` set.
template <class InChild>
pid_t fork_with_signals_blocked(InChild&& in_child, int& error) {
  sigset_t all_signals;
  sigset_t saved_mask;
  sigfillset(&all_signals);
  ::pthread_sigmask(SIG_SETMASK, &all_signals, &saved_mask);
  const pid_t pid = ::fork();
  if (pid == 0) {
    in_child();
    ::_exit(127);  // not reached: in_child execs or exits
  }
  error = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
  return pid;
}

// One of the child's output pipes.
struct Capture {
  UniqueFd fd;
  std::string& data;
  bool& truncated;
  std::size_t cap;

  // Reads one chunk; returns whether any bytes came.
  bool read_some() {
    std::array<char, kReadChunk> buffer;
    for (;;) {
      const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
      if (n > 0) {
        const auto got = static_cast<std::size_t>(n);
        const std::size_t room = data.size() < cap ? cap - data.size() : 0;
        const std::size_t keep = std::min(got, room);
        data.append(buffer.data(), keep);
        if (keep < got) truncated = true;
        return true;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
      fd.reset();  // EOF, or an error that will not go away
      return false;
    }
  }

  // Takes whatever is readable now, without waiting.
  void drain_now() {
    for (int i = 0; fd && i < 256; ++i) {
      if (!read_some()) break;
    }
  }
};

// The pipe the child reports an exec (or setup) failure through: EOF means
// exec succeeded, sizeof(int) bytes carry the errno.
struct ExecReport {
  UniqueFd fd;
  std::array<char, sizeof(int)> bytes{};
  std::size_t got = 0;

  void read_some() {
    for (;;) {
      const ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
      if (n > 0) {
        got += static_cast<std::size_t>(n);
        if (got == bytes.size()) fd.reset();
        return;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      fd.reset();
      return;
    }
  }

  int error() const {
    if (got != bytes.size()) return 0;
    int value = 0;
    std::memcpy(&value, bytes.data(), sizeof value);
    return value;
  }
};

class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {
    // No glibc wrapper in 2.36. Without a pidfd (ENOSYS on old kernels, or a
    // seccomp filter), the loop polls waitpid(WNOHANG) every kTick instead.
    const long fd = ::syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) pidfd_.reset(static_cast<int>(fd));
  }

  bool reaped() const { return reaped_; }
  const UniqueFd& pidfd() const { return pidfd_; }
  int status() const { return status_; }
  bool status_known() const { return status_known_; }

  void try_reap() {
    if (reaped_) return;
    int status = 0;
    pid_t rc;
    do {
      rc = ::waitpid(pid_, &status, WNOHANG);
    } while (rc < 0 && errno == EINTR);
    if (rc == pid_) {
      reaped_ = true;
      status_known_ = true;
      status_ = status;
    } else if (rc < 0) {
      // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN, or a
      // waitpid(-1) elsewhere). It is gone; its status is lost.
      reaped_ = true;
    }
    if (reaped_) pidfd_.reset();
  }

  // The group shares the child's pid as its id. Until the child is reaped
  // that number cannot be reused, and afterwards it stays reserved while any
  // member of the group lives.
  void signal_group(int sig) const {
    ::kill(-pid_, sig);
    // In case the program moved itself to another group or session.
    if (!reaped_) ::kill(pid_, sig);
  }

 private:
  pid_t pid_;
  UniqueFd pidfd_;
  bool reaped_ = false;
  bool status_known_ = false;
  int status_ = 0;
};

int poll_timeout(Clock::time_point now, Clock::time_point wake) {
  if (wake <= now) return 0;
  // Round up so the loop does not spin through the last sub-millisecond.
  const auto ms = std::chrono::ceil<milliseconds>(wake - now).count();
  return static_cast<int>(std::min<long long>(ms, INT_MAX));
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const Deadline& deadline,
                          const CommandOptions& options) {
  const auto started = Clock::now();
  CommandResult result;
  const auto spawn_failed = [&](int error) {
    result.ending = CommandResult::Ending::spawn_failed;
    result.spawn_errno = error;
    result.elapsed = since(started);
    return result;
  };

  if (argv.empty()) return spawn_failed(EINVAL);
  if (deadline.expired()) {
    // No time left: do not start something only to kill it.
    result.ending = CommandResult::Ending::timed_out;
    result.elapsed = since(started);
    return result;
  }

  auto plan = make_plan(argv, options);
  if (!plan) return spawn_failed(plan.error());

  UniqueFd dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!dev_null) return spawn_failed(errno);
  auto out_pipe = make_pipe();
  if (!out_pipe) return spawn_failed(out_pipe.error());
  auto err_pipe = make_pipe();
  if (!err_pipe) return spawn_failed(err_pipe.error());
  auto report_pipe = make_pipe();
  if (!report_pipe) return spawn_failed(report_pipe.error());
  for (UniqueFd* fd : {&dev_null, &out_pipe->write, &err_pipe->write, &report_pipe->write}) {
    if (const int error = lift_above_stdio(*fd)) return spawn_failed(error);
  }
  // Only the parent's ends: the child's stay blocking.
  for (UniqueFd* fd : {&out_pipe->read, &err_pipe->read, &report_pipe->read}) {
    if (const int error = set_nonblocking(*fd)) return spawn_failed(error);
  }

  int fork_errno = 0;
  const pid_t pid = fork_with_signals_blocked(
      [&] {
        exec_child(*plan, dev_null.get(), out_pipe->write.get(), err_pipe->write.get(), report_pipe->write.get());
      },
      fork_errno);
  if (pid < 0) return spawn_failed(fork_errno);

  // EACCES here means the child has already exec'd, so it did this itself.
  ::setpgid(pid, pid);
  dev_null.reset();
  out_pipe->write.reset();
  err_pipe->write.reset();
  report_pipe->write.reset();

  Child child(pid);
  Capture out{std::move(out_pipe->read), result.out, result.out_truncated, options.output_cap};
  Capture err{std::move(err_pipe->read), result.err, result.err_truncated, options.output_cap};
  ExecReport report{std::move(report_pipe->read)};

  const auto deadline_at = deadline.at();
  const auto grace = std::max(options.kill_grace, milliseconds(0));
  bool timed_out = false;
  bool kill_sent = false;
  Clock::time_point kill_at{};
  Clock::time_point give_up_at{};
  Clock::time_point exited_at{};
  Clock::time_point last_output{};

  for (;;) {
    const bool was_reaped = child.reaped();
    child.try_reap();
    auto now = Clock::now();
    if (child.reaped() && !was_reaped) {
      exited_at = now;
      last_output = now;
    }

    if (!timed_out && !child.reaped() && now >= deadline_at) {
      timed_out = true;
      child.signal_group(SIGTERM);
      child.signal_group(SIGCONT);  // a stopped process cannot act on TERM
      kill_at = now + grace;
    }
    // KILL the group when the grace period ends, or as soon as the child
    // itself is gone: what is left of its group is orphaned helpers, and
    // waiting for them to be reaped could take the whole grace period.
    if (timed_out && !kill_sent && (now >= kill_at || child.reaped())) {
      child.signal_group(SIGKILL);
      kill_sent = true;
      give_up_at = now + kReapAfterKill;
    }

    Clock::time_point wake;
    if (timed_out) {
      if (kill_sent && (child.reaped() || now >= give_up_at)) break;
      wake = kill_sent ? give_up_at : kill_at;
    } else if (child.reaped()) {
      // Do not wait for grandchildren that keep the pipes open.
      if ((!out.fd && !err.fd) || now - last_output >= kIdleAfterExit ||
          now - exited_at >= kMaxDrainAfterExit || now >= deadline_at)
        break;
      wake = std::min({last_output + kIdleAfterExit, exited_at + kMaxDrainAfterExit, deadline_at});
    } else {
      wake = deadline_at;
    }
    if (!child.reaped() && !child.pidfd()) wake = std::min(wake, now + kTick);

    std::array<pollfd, 4> fds{};
    nfds_t count = 0;
    const auto watch = [&](const UniqueFd& fd) -> pollfd* {
      if (!fd) return nullptr;
      fds[count] = pollfd{fd.get(), POLLIN, 0};
      return &fds[count++];
    };
    const pollfd* out_poll = watch(out.fd);
    const pollfd* err_poll = watch(err.fd);
    const pollfd* report_poll = watch(report.fd);
    watch(child.pidfd());  // readable once the child has exited

    const int rc = ::poll(fds.data(), count, poll_timeout(now, wake));
    if (rc < 0) {
      if (errno != EINTR) ::poll(nullptr, 0, static_cast<int>(kTick.count()));  // do not spin
      continue;
    }
    const auto ready = [](const pollfd* p) {
      return p != nullptr && (p->revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
    };
    bool got_output = false;
    if (ready(out_poll)) got_output |= out.read_some();
    if (ready(err_poll)) got_output |= err.read_some();
    if (ready(report_poll)) report.read_some();
    if (got_output && child.reaped()) last_output = Clock::now();
  }

  out.drain_now();
  err.drain_now();
  // Once the child has exited, the report pipe holds the errno or EOF.
  while (report.fd && child.reaped()) {
    const std::size_t before = report.got;
    report.read_some();
    if (report.fd && report.got == before) break;
  }

  if (const int error = report.error()) {
    result.ending = CommandResult::Ending::spawn_failed;
    result.spawn_errno = error;
  } else if (timed_out) {
    result.ending = CommandResult::Ending::timed_out;
  } else if (child.status_known() && WIFSIGNALED(child.status())) {
    result.ending = CommandResult::Ending::signaled;
    result.signal = WTERMSIG(child.status());
  } else {
    result.ending = CommandResult::Ending::exited;
    result.exit_code = child.status_known() ? WEXITSTATUS(child.status()) : -1;
  }
  result.elapsed = since(started);
  return result;
}

std::string CommandResult::describe() const {
  switch (ending) {
    case Ending::exited:
      return "exit " + std::to_string(exit_code);
    case Ending::signaled:
      return "killed by signal " + std::to_string(signal);
    case Ending::timed_out:
      return "timed out after " + std::to_string(elapsed.count()) + " ms";
    case Ending::spawn_failed:
      break;
  }
  if (spawn_errno == 0) return "could not run";
  return "could not run: " + std::generic_category().message(spawn_errno);
}

std::string CommandResult::describe_with_stderr() const {
  std::string text = describe();
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  std::string_view rest(err);
  while (!rest.empty()) {
    const auto newline = rest.rfind('\n');
    std::string_view line =
        newline == std::string_view::npos ? rest : rest.substr(newline + 1);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(0, newline);
    const auto first = line.find_first_not_of(kSpace);
    if (first == std::string_view::npos) continue;
    line = line.substr(first, line.find_last_not_of(kSpace) - first + 1);
    bool cut = false;
    if (line.size() > kMaxStderrLine) {
      std::size_t end = kMaxStderrLine;
      // Do not split a UTF-8 sequence.
      while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
      line = line.substr(0, end);
      cut = true;
    }
    text += ": ";
    text += line;
    if (cut) text += "...";
    break;
  }
  return text;
}

std::string quote_argv(const std::vector<std::string>& argv) {
  const auto is_safe = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  };
  std::string text;
  for (const std::string& word : argv) {
    if (!text.empty()) text += ' ';
    if (!word.empty() && std::all_of(word.begin(), word.end(), is_safe)) {
      text += word;
      continue;
    }
    text += '\'';
    for (const char c : word) {
      if (c == '\'')
        text += "'\"'\"'";
      else
        text += c;
    }
    text += '\'';
  }
  return text;
}

// ---- Detached processes ----------------------------------------------------

namespace {

// Waits until `fd` is readable or the deadline passes; false on timeout.
bool wait_readable(int fd, const Deadline& deadline) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const auto left = deadline.remaining().count();
    const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return false;
  }
}

// Reads up to `size` bytes until EOF (blocking fd, polled against the
// deadline). Returns the count read, or -1 when the deadline passed first.
long read_until_eof(int fd, char* buffer, std::size_t size, const Deadline& deadline) {
  std::size_t got = 0;
  for (;;) {
    if (!wait_readable(fd, deadline)) return -1;
    char scratch[16];
    char* into = got < size ? buffer + got : scratch;
    const std::size_t room = got < size ? size - got : sizeof scratch;
    const ssize_t n = ::read(fd, into, room);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return static_cast<long>(got);
    if (got < size) got += static_cast<std::size_t>(n);
  }
}

std::optional<ProcStat> read_proc_stat(int pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  std::string text;
  char buffer[1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > 64 * 1024) break;
  }
  return parse_proc_stat(text);
}

bool is_running(const std::optional<ProcStat>& stat, const ProcessId& id) {
  return stat && stat->start_time == id.start_time && stat->state != 'Z' && stat->state != 'X';
}

// A pidfd for exactly `id` (-1 in the UniqueFd when it is gone or not ours;
// `supported` false when the kernel has no pidfd_open).
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
  if (!is_running(read_proc_stat(id.pid), id)) return UniqueFd();
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
    if (!is_running(read_proc_stat(id.pid), id)) return true;
    const auto now = Clock::now();
    if (now >= until) return false;
    const int wait_ms = poll_timeout(now, std::min(until, now + (pidfd ? milliseconds(1000) : kTick)));
    if (pidfd) {
      pollfd p{pidfd.get(), POLLIN, 0};
      ::poll(&p, 1, wait_ms);
    } else {
      ::poll(nullptr, 0, wait_ms);
    }
  }
}

}  // namespace

std::string ProcessId::to_string() const {
  return std::to_string(pid) + "@" + std::to_string(start_time);
}

std::optional<ProcessId> ProcessId::parse(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= text.size()) return std::nullopt;
  const auto digits = [](std::string_view s) {
    return s.size() <= 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const std::string_view pid = text.substr(0, at);
  const std::string_view start = text.substr(at + 1);
  if (!digits(pid) || !digits(start) || pid.size() > 9) return std::nullopt;
  ProcessId id;
  id.pid = std::stoi(std::string(pid));
  id.start_time = std::stoull(std::string(start));
  if (id.pid <= 0) return std::nullopt;
  return id;
}

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt
  // majflt cmajflt utime stime cutime cstime priority nice num_threads
  // itrealvalue starttime ...": comm may hold spaces and parentheses, so the
  // fields are counted from the last ')'.
  const auto paren = text.rfind(')');
  if (paren == std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> fields;
  std::size_t i = paren + 1;
  while (i < text.size() && fields.size() < 20) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  // fields[0] = state (field 3), fields[2] = pgrp (5), fields[19] = starttime (22).
  if (fields.size() < 20 || fields[0].size() != 1) return std::nullopt;
  const auto number = [](std::string_view s) -> std::optional<unsigned long long> {
    if (s.empty() || s.size() > 19) return std::nullopt;
    unsigned long long value = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
  };
  const auto group = number(fields[2]);
  const auto start = number(fields[19]);
  if (!group || !start || *group > INT_MAX) return std::nullopt;
  return ProcStat{fields[0][0], static_cast<int>(*group), *start};
}

Result<ProcessId> spawn_detached(const std::vector<std::string>& argv, const Deadline& deadline,
                                 const DetachedOptions& options) {
  const auto failed = [&](int error) {
    const OcfStatus status = (error == ENOENT || error == EACCES || error == ENOEXEC || error == ENOTDIR)
                                 ? OcfStatus::err_installed
                                 : OcfStatus::err_generic;
    return fail(status, "cannot start " + (argv.empty() ? std::string("nothing") : argv.front()) + ": " +
                            std::generic_category().message(error));
  };
  if (argv.empty()) return failed(EINVAL);
  if (deadline.expired()) return fail(OcfStatus::err_generic, "no time left to start " + argv.front());

  CommandOptions plan_options;
  plan_options.extra_env = options.extra_env;
  auto plan = make_plan(argv, plan_options);
  if (!plan) return failed(plan.error());

  UniqueFd dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!dev_null) return failed(errno);
  UniqueFd output(options.output_file.empty()
                      ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                      : ::open(options.output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!output) {
    const int error = errno;
    return fail(OcfStatus::err_generic, "cannot open " + options.output_file + " for " + argv.front() +
                                            "'s output: " + std::generic_category().message(error));
  }
  auto pid_pipe = make_pipe();     // grandchild -> parent: its pid
  if (!pid_pipe) return failed(pid_pipe.error());
  auto go_pipe = make_pipe();      // parent -> grandchild: closed = go on
  if (!go_pipe) return failed(go_pipe.error());
  auto report_pipe = make_pipe();  // exec errno, or EOF once exec succeeded
  if (!report_pipe) return failed(report_pipe.error());
  for (UniqueFd* fd : {&dev_null, &output, &pid_pipe->write, &go_pipe->read, &report_pipe->write}) {
    if (const int error = lift_above_stdio(*fd)) return failed(error);
  }

  int fork_errno = 0;
  const pid_t middle = fork_with_signals_blocked(
      [&] {
        // The intermediate child: forks the real one and exits, so the real
        // one is reparented to init and never becomes the agent's zombie.
        const pid_t child = ::fork();
        if (child < 0) report_and_exit(report_pipe->write.get(), errno);
        if (child > 0) ::_exit(0);
        // Only the parent's end of the go pipe may keep it open, or EOF never comes.
        ::close(go_pipe->write.get());
        const int self = static_cast<int>(::getpid());
        (void)!::write(pid_pipe->write.get(), &self, sizeof self);
        ::close(pid_pipe->write.get());
        char byte;
        while (::read(go_pipe->read.get(), &byte, 1) < 0 && errno == EINTR) {
        }
        exec_child(*plan, dev_null.get(), output.get(), output.get(), report_pipe->write.get(), true);
      },
      fork_errno);
  if (middle < 0) return failed(fork_errno);
  dev_null.reset();
  output.reset();
  pid_pipe->write.reset();
  go_pipe->read.reset();
  report_pipe->write.reset();
  int status = 0;
  while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
  }

  int pid = 0;
  const long got = read_until_eof(pid_pipe->read.get(), reinterpret_cast<char*>(&pid), sizeof pid, deadline);
  if (got != static_cast<long>(sizeof pid) || pid <= 0) {
    int error = 0;
    if (got >= 0 && read_until_eof(report_pipe->read.get(), reinterpret_cast<char*>(&error), sizeof error,
                                   deadline) == static_cast<long>(sizeof error))
      return failed(error);
    return fail(OcfStatus::err_generic, "cannot start " + argv.front() + ": the helper process did not report");
  }
  // Held before exec (blocked on the go pipe): this stat is our process's.
  const auto stat = read_proc_stat(pid);
  go_pipe->write.reset();
  if (!stat) {
    ::kill(pid, SIGKILL);
    return fail(OcfStatus::err_generic, "cannot start " + argv.front() + ": its /proc entry is unreadable");
  }
  const ProcessId id{pid, stat->start_time};
  int error = 0;
  const long reported = read_until_eof(report_pipe->read.get(), reinterpret_cast<char*>(&error), sizeof error, deadline);
  if (reported < 0) {
    bool supported = false;
    UniqueFd pidfd = open_pidfd(id, supported);
    if (pidfd || !supported) signal_process_and_group(id, pidfd, SIGKILL);
    return fail(OcfStatus::err_generic, "timed out starting " + argv.front());
  }
  if (reported == static_cast<long>(sizeof error)) return failed(error);
  return id;
}

bool process_alive(const ProcessId& id) {
  return id.pid > 0 && is_running(read_proc_stat(id.pid), id);
}

bool terminate(const ProcessId& id, const Deadline& deadline, milliseconds grace) {
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
  return wait_gone(id, pidfd, std::min(deadline.at(), Clock::now() + kReapAfterKill));
}

}  // namespace hanfs
