// What the process tests look at from outside: whether a process is gone,
// its /proc/<pid>/stat fields, whether the test has children left to reap.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hanfs {

// Gone, or a zombie nobody has reaped yet (the container's init may not
// reap orphans): either way it no longer runs.
inline bool process_is_gone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (text.empty()) return true;
  const auto paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() &&
         (text[paren + 2] == 'Z' || text[paren + 2] == 'X');
}

// KILL is delivered asynchronously: a process signalled just before
// run_command returned may take a moment to finish dying.
inline bool gone_by(pid_t pid, std::chrono::steady_clock::time_point limit) {
  while (!process_is_gone(pid)) {
    if (std::chrono::steady_clock::now() >= limit) return false;
    ::usleep(10000);
  }
  return true;
}

// Fields of /proc/<pid>/stat after the command name: state is [0].
inline std::vector<std::string> stat_fields(const std::string& text) {
  std::istringstream in(text.substr(text.rfind(')') + 2));
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  return fields;
}

inline bool no_children_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

// Forks an intermediate "agent" that runs `run` (which starts a child and
// writes its pid to `pid_file`), SIGKILLs the intermediate once the pid is
// there, and returns that child's pid (0 when it never appeared).
template <class Run>
pid_t child_of_killed_agent(const std::string& pid_file, Run run) {
  const pid_t agent = ::fork();
  if (agent == 0) {
    run();
    ::_exit(0);
  }
  pid_t child = 0;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (child <= 0 && std::chrono::steady_clock::now() < limit) {
    std::ifstream in(pid_file);
    in >> child;
    if (child <= 0) ::usleep(10000);
  }
  ::kill(agent, SIGKILL);
  ::waitpid(agent, nullptr, 0);
  return child;
}

}  // namespace hanfs
