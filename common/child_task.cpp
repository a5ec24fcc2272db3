#include "child_task.h"

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

// Whatever the child has written so far; the pipe is non-blocking, so a
// child still holding its end cannot stall us.
std::string drain(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t n;
  while (text.size() < sizeof buffer && (n = ::read(fd, buffer, sizeof buffer - text.size())) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  return text;
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
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.report = std::string("fork: ") + std::strerror(errno);
    ::close(report[0]);
    ::close(report[1]);
    return result;
  }
  if (pid == 0) {
    ::close(report[0]);
    ::_exit(task(report[1]));
  }
  ::close(report[1]);
  ::fcntl(report[0], F_SETFL, O_NONBLOCK);
  int status = 0;
  pid_t done = 0;
  // Polled: the agent is single-threaded and SIGCHLD belongs to run_command.
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && !deadline.expired())
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
  result.report = drain(report[0]);
  ::close(report[0]);
  return result;
}

}  // namespace hanfs
