// Running a program and waiting for it: the shape of process.h for every
// tool the agents call (lvm, blkid, exportfs, attrd_updater...). Runs an
// argv vector (never a shell) in its own process group with every fd but
// 0-2 closed, stdin from /dev/null, stdout and stderr captured up to a cap,
// dying with the agent (PDEATHSIG), and kills the whole group (TERM, then
// KILL after a grace period) early enough that run_command returns by the
// deadline, never after it: a child that will not die is abandoned there. Also the one answer to "what OCF code is a program that
// would not start" (status_of_spawn_failure).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"

namespace hanfs {

struct CommandOptions {
  // Bytes kept of each of stdout and stderr; the rest is read and dropped
  // (so the child never blocks on a full pipe) and `*_truncated` is set.
  std::size_t output_cap = 4 << 20;
  // Between TERM and KILL, both before the deadline (process.h's
  // ending_schedule: at most a quarter of a short budget).
  std::chrono::milliseconds kill_grace{500};
  // Extra environment entries ("NAME=value"), added to the agent's own.
  std::vector<std::string> extra_env;
  // Run inside these pinned namespaces (process.h, SpawnSpec::namespace_dir).
  std::string namespace_dir;
};

struct CommandResult {
  enum class Ending {
    exited,          // exit_code is valid
    signaled,        // signal is valid
    timed_out,       // ended for the deadline: TERM/KILL sent to the group
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
  // The OCF code of a command that failed: status_of_spawn_failure when it
  // never started, err_generic when it ran and failed.
  OcfStatus failure_status() const;
};

// Runs argv[0] (looked up with program_path.h in the PATH the child gets)
// with the given deadline.
CommandResult run_command(const std::vector<std::string>& argv,
                          const Deadline& deadline,
                          const CommandOptions& options = {});

// What a program that could not be started means to Pacemaker, from the
// errno (CommandResult::spawn_errno, or spawn_detached's):
// err_installed (5) when the program is missing or cannot be executed here
// (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EACCES, EPERM, ENOEXEC, ELIBBAD):
// that does not change by retrying on this node, so Pacemaker should keep the
// resource off it; err_generic (1) for everything else, above all the
// passing resource shortages (EAGAIN, ENOMEM, EMFILE, ENFILE), after which
// another try here may well work and banning the node would be wrong.
OcfStatus status_of_spawn_failure(int error);

// argv joined for logs, each word quoted when it needs it.
std::string quote_argv(const std::vector<std::string>& argv);

}  // namespace hanfs
