// The one place that runs other programs (child_task.h forks for the
// agent's own system calls that may hang). Runs a program from an argv
// vector (never a shell) in its own process group with every fd but 0-2
// closed, stdin from /dev/null, stdout and stderr captured up to a cap, and
// kills the whole group (TERM, then KILL after a grace period) when the
// deadline passes.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"

namespace hanfs {

struct CommandOptions {
  // Bytes kept of each of stdout and stderr; the rest is read and dropped
  // (so the child never blocks on a full pipe) and `*_truncated` is set.
  std::size_t output_cap = 4 << 20;
  // Between TERM and KILL when the deadline passes.
  std::chrono::milliseconds kill_grace{500};
  // Extra environment entries ("NAME=value"), added to the agent's own.
  std::vector<std::string> extra_env;
};

struct CommandResult {
  enum class Ending {
    exited,          // exit_code is valid
    signaled,        // signal is valid
    timed_out,       // deadline passed; the group was killed
    spawn_failed,    // could not start (spawn_errno says why)
  };
  Ending ending = Ending::spawn_failed;
  int exit_code = -1;
  int signal = 0;
  int spawn_errno = 0;
  std::string out;
  std::string err;
  bool out_truncated = false;
  bool err_truncated = false;
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return ending == Ending::exited && exit_code == 0; }
  // One line for logs and exit reasons: "exit 5", "killed by signal 9",
  // "timed out after 3000 ms", "could not run: No such file or directory".
  std::string describe() const;
  // describe() plus the last non-empty line of stderr, if any.
  std::string describe_with_stderr() const;
};

// Runs argv[0] (looked up in PATH when it has no '/') with the given deadline.
CommandResult run_command(const std::vector<std::string>& argv,
                          const Deadline& deadline,
                          const CommandOptions& options = {});

// argv joined for logs, each word quoted when it needs it.
std::string quote_argv(const std::vector<std::string>& argv);

// A process that outlives the agent: its pid and its start time (clock ticks
// after boot, /proc/<pid>/stat field 22), so that a pid the kernel has since
// given to another process is never taken for ours.
struct ProcessId {
  int pid = 0;
  unsigned long long start_time = 0;

  // "PID@START" for state files, and back (nullopt when malformed).
  std::string to_string() const;
  static std::optional<ProcessId> parse(std::string_view text);
  bool operator==(const ProcessId&) const = default;
};

struct DetachedOptions {
  // stdout and stderr are appended to this file (created 0600 when missing);
  // empty: /dev/null.
  std::string output_file;
  // Extra environment entries ("NAME=value"), added to the agent's own.
  std::vector<std::string> extra_env;
};

// Starts argv (PATH lookup as run_command) in a new session, so in its own
// process group with no controlling terminal, stdin from /dev/null and every
// fd but 0-2 closed, and hands it to init (double fork): the agent may exit
// while it runs. Returns once exec has succeeded; the start time is read while
// the process is held before exec, so it is certainly this process's.
// err_installed when the program cannot be found or run, err_generic else.
Result<ProcessId> spawn_detached(const std::vector<std::string>& argv, const Deadline& deadline,
                                 const DetachedOptions& options = {});

// True while that very process runs: same pid, same start time, not a zombie.
bool process_alive(const ProcessId& id);

// Ends that process and its process group: TERM, then KILL after `grace` (or
// at the deadline). Never signals a process whose start time differs. True
// when it is gone (or was never there).
bool terminate(const ProcessId& id, const Deadline& deadline,
               std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

// Pure, for the above and for tests: /proc/<pid>/stat text.
struct ProcStat {
  char state = '?';                   // R, S, D, Z, X...
  int process_group = 0;
  unsigned long long start_time = 0;
};
std::optional<ProcStat> parse_proc_stat(std::string_view text);

}  // namespace hanfs
