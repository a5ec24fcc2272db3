#include "run_command.h"

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
                             int report_fd) noexcept {
  const auto fail = [report_fd](int error) { report_and_exit(report_fd, error); };

  // Own process group, so a timeout can kill grandchildren too. The parent
  // does the same; whichever runs first wins the race harmlessly.
  if (::setpgid(0, 0) != 0) fail(errno);

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

  sigset_t all_signals;
  sigset_t saved_mask;
  sigfillset(&all_signals);
  ::pthread_sigmask(SIG_SETMASK, &all_signals, &saved_mask);
  const pid_t pid = ::fork();
  if (pid == 0) {
    exec_child(*plan, dev_null.get(), out_pipe->write.get(), err_pipe->write.get(),
               report_pipe->write.get());
  }
  const int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
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

}  // namespace hanfs
