#include "common/sys/child_task.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace hanfs {

namespace {

constexpr std::size_t report_cap = 4096;

// Appends what the child has written so far, keeping the last `report_cap`
// bytes (the end says how far it got); the pipe is non-blocking, and
// draining it while waiting means a chatty child never blocks on it.
void drain(int fd, std::string& text) {
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > report_cap) text.erase(0, text.size() - report_cap);
  }
}

// In the child: the task, with stdin/stdout/stderr on /dev/null (a child
// abandoned in the kernel must not keep the agent's output open for whoever
// reads it to the end), and no way back into the caller's stack.
[[noreturn]] void run_in_child(const std::function<int(int report_fd)>& task, int report) {
  const int null = ::open("/dev/null", O_RDWR);
  if (null >= 0)
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
  int rc = 125;
  try {
    rc = task(report);
  } catch (...) {
    report_to(report, "the task failed with an exception");
  }
  ::_exit(rc);
}

}  // namespace

void report_to(int report_fd, const std::string& text) { (void)!::write(report_fd, text.data(), text.size()); }

ChildTaskResult run_child_task(const std::function<int(int report_fd)>& task, const Deadline& deadline) {
  ChildTaskResult result;
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    result.report = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  // With SIGCHLD ignored (inherited from whoever started the agent) the
  // kernel reaps the child itself and its exit status is lost.
  struct sigaction dfl{}, old{};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGCHLD, &dfl, &old);
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.report = std::string("fork: ") + std::strerror(errno);
    ::close(report[0]);
    ::close(report[1]);
    ::sigaction(SIGCHLD, &old, nullptr);
    return result;
  }
  if (pid == 0) {
    ::close(report[0]);
    run_in_child(task, report[1]);
  }
  ::close(report[1]);
  ::fcntl(report[0], F_SETFL, O_NONBLOCK);
  int status = 0;
  pid_t done = 0;
  // Polled: a hung child is simply left behind when the deadline passes.
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && !deadline.expired()) {
    drain(report[0], result.report);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (done == 0) {
    // Reaped when it dies at once; one stuck in the kernel may outlive a
    // short grace, and then it is left to init when the agent exits.
    ::kill(pid, SIGKILL);
    for (int i = 0; i < 50 && ::waitpid(pid, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    result.ending = ChildTaskResult::Ending::timed_out;
  } else {
    const bool succeeded = done > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    result.ending = succeeded ? ChildTaskResult::Ending::succeeded : ChildTaskResult::Ending::failed;
  }
  ::sigaction(SIGCHLD, &old, nullptr);
  drain(report[0], result.report);
  ::close(report[0]);
  return result;
}

}  // namespace hanfs
