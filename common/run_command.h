// The one place that forks. Runs a program from an argv vector (never a
// shell) in its own process group with every fd but 0-2 closed, stdin from
// /dev/null, stdout and stderr captured up to a cap, and kills the whole
// group (TERM, then KILL after a grace period) when the deadline passes.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "deadline.h"

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

}  // namespace hanfs
