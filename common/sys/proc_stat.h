// What /proc says about processes: a process named by pid and start time
// (so a pid the kernel has since given to another is never taken for ours),
// the fields of /proc/<pid>/stat the agents use, and a lookup by command
// name. Reads only; never signals anything.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hanfs {

// A process that outlives the agent: its pid and its start time (clock ticks
// after boot, /proc/<pid>/stat field 22).
struct ProcessId {
  int pid = 0;
  unsigned long long start_time = 0;

  // "PID@START" for state files, and back (nullopt when malformed).
  std::string to_string() const;
  static std::optional<ProcessId> parse(std::string_view text);
  bool operator==(const ProcessId&) const = default;
};

struct ProcStat {
  char state = '?';                   // R, S, D, Z, X...
  int process_group = 0;
  unsigned long long start_time = 0;
};

// Pure: /proc/<pid>/stat text; nullopt when malformed.
std::optional<ProcStat> parse_proc_stat(std::string_view text);
// /proc/<pid>/stat now; nullopt when there is no such process.
std::optional<ProcStat> read_proc_stat(int pid);

// How long ago this process was created: its fork, where the clock of the
// one who started it (Pacemaker's executor) starts too, before the exec and
// main. From /proc/self/stat's start time against CLOCK_BOOTTIME, to a clock
// tick (10 ms); 0 when unknown.
std::chrono::milliseconds age_of_this_process();

// True while that very process runs: same pid, same start time, not a zombie.
bool process_alive(const ProcessId& id);

// The processes with this command name (/proc/PID/comm) now, each with its
// command line (/proc/PID/cmdline split at its NULs): how a process that was
// started by an action whose record is lost can still be found. Zombies and
// processes that vanish while we look are left out.
struct NamedProcess {
  ProcessId id;
  std::vector<std::string> argv;
};
std::vector<NamedProcess> processes_named(const std::string& comm, const std::string& proc = "/proc");

// The processes in the network namespace with this inode (/proc/PID/ns/net
// reads "net:[INODE]"), each with its command name; zombies left out. How
// the processes of a service's namespace are found from the kernel alone.
struct NetMember {
  ProcessId id;
  std::string comm;
};
std::vector<NetMember> processes_in_net(unsigned long long net_inode, const std::string& proc = "/proc");
// Pure: the inode in a namespace link's text ("net:[4026532281]"); nullopt
// when it is not one of TYPE.
std::optional<unsigned long long> parse_namespace_link(std::string_view text, std::string_view type);

// True when a process with this command name (/proc/PID/comm) runs.
bool process_named_running(const std::string& comm, const std::string& proc = "/proc");

}  // namespace hanfs
