#include "common/sys/command.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>
#include <system_error>
#include <utility>

#include "common/sys/process.h"

namespace hanfs {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the child exits, pipes still held open by grandchildren are drained
// until they have been quiet this long...
constexpr milliseconds kIdleAfterExit{50};
// ...but never for longer than this (a grandchild that writes forever).
constexpr milliseconds kMaxDrainAfterExit{1000};
constexpr std::size_t kReadChunk = 64 * 1024;
// The line describe_with_stderr() quotes is cut to this many bytes.
constexpr std::size_t kMaxStderrLine = 512;

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
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

  SpawnSpec spec;
  spec.argv = argv;
  spec.extra_env = options.extra_env;
  spec.namespace_dir = options.namespace_dir;
  spec.session = Session::own_group;
  spec.out = Stream::pipe();
  spec.err = Stream::pipe();
  Spawned spawned = spawn(spec, deadline);
  if (!spawned) return spawn_failed(spawned.error);

  Child& child = spawned.child;
  Capture out{std::move(child.out), result.out, result.out_truncated, options.output_cap};
  Capture err{std::move(child.err), result.err, result.err_truncated, options.output_cap};

  // Ended so that this wait never passes the deadline (process.h): TERM, then
  // KILL to the group, then given up at the deadline itself.
  const auto deadline_at = deadline.at();
  const EndingSchedule ending = ending_schedule(started, deadline, options.kill_grace);
  bool timed_out = false;
  bool kill_sent = false;
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

    if (!timed_out && !child.reaped() && now >= ending.term_at) {
      timed_out = true;
      child.signal_group(SIGTERM);
      child.signal_group(SIGCONT);  // a stopped process cannot act on TERM
    }
    // KILL the group when the grace period ends, or as soon as the child
    // itself is gone: what is left of its group is orphaned helpers, and
    // waiting for them to be reaped could take the whole grace period.
    if (timed_out && !kill_sent && (now >= ending.kill_at || child.reaped())) {
      child.signal_group(SIGKILL);
      kill_sent = true;
    }

    Clock::time_point wake;
    if (timed_out) {
      // Past the deadline a child that has not died is abandoned (process.h).
      if ((kill_sent && child.reaped()) || now >= ending.give_up_at) break;
      wake = kill_sent ? ending.give_up_at : ending.kill_at;
    } else if (child.reaped()) {
      // Do not wait for grandchildren that keep the pipes open.
      if ((!out.fd && !err.fd) || now - last_output >= kIdleAfterExit ||
          now - exited_at >= kMaxDrainAfterExit || now >= deadline_at)
        break;
      wake = std::min({last_output + kIdleAfterExit, exited_at + kMaxDrainAfterExit, deadline_at});
    } else {
      wake = ending.term_at;
    }
    if (!child.reaped() && !child.pidfd()) wake = std::min(wake, now + kWaitTick);

    std::array<pollfd, 3> fds{};
    nfds_t count = 0;
    const auto watch = [&](const UniqueFd& fd) -> pollfd* {
      if (!fd) return nullptr;
      fds[count] = pollfd{fd.get(), POLLIN, 0};
      return &fds[count++];
    };
    const pollfd* out_poll = watch(out.fd);
    const pollfd* err_poll = watch(err.fd);
    watch(child.pidfd());  // readable once the child has exited

    const int rc = ::poll(fds.data(), count, poll_timeout(now, wake));
    if (rc < 0) {
      if (errno != EINTR) ::poll(nullptr, 0, static_cast<int>(kWaitTick.count()));  // do not spin
      continue;
    }
    const auto ready = [](const pollfd* p) {
      return p != nullptr && (p->revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
    };
    bool got_output = false;
    if (ready(out_poll)) got_output |= out.read_some();
    if (ready(err_poll)) got_output |= err.read_some();
    if (got_output && child.reaped()) last_output = Clock::now();
  }

  out.drain_now();
  err.drain_now();

  const auto status = child.status();
  if (timed_out) {
    result.ending = CommandResult::Ending::timed_out;
  } else if (status && WIFSIGNALED(*status)) {
    result.ending = CommandResult::Ending::signaled;
    result.signal = WTERMSIG(*status);
  } else {
    result.ending = CommandResult::Ending::exited;
    result.exit_code = status ? WEXITSTATUS(*status) : -1;
  }
  result.elapsed = since(started);
  return result;
}

OcfStatus CommandResult::failure_status() const {
  return ending == Ending::spawn_failed ? status_of_spawn_failure(spawn_errno) : OcfStatus::err_generic;
}

OcfStatus status_of_spawn_failure(int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
    case ELOOP:
    case ENAMETOOLONG:
    case EACCES:
    case EPERM:
    case ENOEXEC:
    case ELIBBAD:
      return OcfStatus::err_installed;
    default:
      return OcfStatus::err_generic;
  }
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
