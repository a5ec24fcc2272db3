// bench-exec: runs a command repeatedly and reports what each call cost.
//
//   bench-exec [--warmup W] [--repeat N] [--expect RC] [--floor PROG] [--label K=V]... -- [NAME=VALUE]... CMD ARGS...
//
// Per call: wall time, CPU time (user + system of the command and every
// descendant it waited for, from wait4's rusage), peak RSS (ru_maxrss: the
// largest of the command and its descendants) and the processes created
// (the kernel's last-pid counter, /proc/loadavg, before and after, less the
// one fork that starts the command). W warm-up calls are made first and not
// counted. The command's output goes to /dev/null; an exit status other than
// RC (default 0) stops the run with status 1, so a broken benchmark fails.
// With --floor, each call of CMD is preceded by a call of PROG (e.g.
// /bin/true), whose medians are reported as floor_*: on a machine whose load
// changes from one second to the next, only calls made side by side compare.
// NAME=VALUE words before CMD are set in its environment, as env(1) would,
// but without env's own exec in the figures (it costs as much as the floor).
// Prints one JSON object: the labels, the medians, and every call's figures.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Call {
  double wall_ms;
  double cpu_ms;
  long maxrss_kb;
  long forks;
};

long read_long(const char* path, int field) {
  std::ifstream in(path);
  std::string word;
  for (int i = 0; i <= field && in >> word; ++i) {}
  return std::strtol(word.c_str(), nullptr, 10);
}

// The last pid the kernel handed out: field 5 of /proc/loadavg.
long last_pid() { return read_long("/proc/loadavg", 4); }

// Processes created between two readings, allowing for one wrap of pid_max.
long pids_between(long before, long after) {
  long delta = after - before;
  if (delta < 0) delta += read_long("/proc/sys/kernel/pid_max", 0) - 300;  // pids restart at 300
  return delta;
}

double ms(const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; }

// The command after its leading NAME=VALUE words (at least one word is left).
char** skip_assignments(char** argv) {
  while (argv[0] && argv[1] && std::strchr(argv[0], '=') && argv[0][0] != '=') ++argv;
  return argv;
}

Call run_once(char** argv, int expect) {
  const long pid0 = last_pid();
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("bench-exec: fork");
    std::exit(2);
  }
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    char** command = skip_assignments(argv);
    for (char** a = argv; a != command; ++a) putenv(*a);
    execvp(command[0], command);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    std::perror("bench-exec: wait4");
    std::exit(2);
  }
  const auto t1 = std::chrono::steady_clock::now();
  const long pid1 = last_pid();
  const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (rc != expect) {
    std::fprintf(stderr, "bench-exec: %s exited %d, expected %d\n", skip_assignments(argv)[0], rc, expect);
    std::exit(1);
  }
  return Call{std::chrono::duration<double, std::milli>(t1 - t0).count(),
              ms(usage.ru_utime) + ms(usage.ru_stime), usage.ru_maxrss,
              pids_between(pid0, pid1) - 1};
}

template <typename T>
T median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

int usage() {
  std::fputs("usage: bench-exec [--warmup W] [--repeat N] [--expect RC] [--floor PROG] [--label K=V]... -- "
             "[NAME=VALUE]... CMD ARGS...\n",
             stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int warmup = 1, repeat = 5, expect = 0, i = 1;
  std::string floor;
  std::vector<std::pair<std::string, std::string>> labels;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (i + 1 >= argc) return usage();
    const std::string opt = argv[i], value = argv[++i];
    if (opt == "--warmup") warmup = std::atoi(value.c_str());
    else if (opt == "--repeat") repeat = std::atoi(value.c_str());
    else if (opt == "--expect") expect = std::atoi(value.c_str());
    else if (opt == "--floor") floor = value;
    else if (opt == "--label" && value.find('=') != std::string::npos)
      labels.emplace_back(value.substr(0, value.find('=')), value.substr(value.find('=') + 1));
    else return usage();
  }
  if (i + 1 >= argc || repeat < 1 || warmup < 0) return usage();
  char** command = argv + i + 1;

  char* floor_argv[] = {floor.data(), nullptr};
  std::vector<Call> calls, floor_calls;
  for (int r = -warmup; r < repeat; ++r) {
    if (!floor.empty()) {
      Call f = run_once(floor_argv, 0);
      if (r >= 0) floor_calls.push_back(f);
    }
    Call c = run_once(command, expect);
    if (r >= 0) calls.push_back(c);
  }

  std::vector<double> wall, cpu;
  std::vector<long> rss, forks;
  for (const Call& c : calls) {
    wall.push_back(c.wall_ms);
    cpu.push_back(c.cpu_ms);
    rss.push_back(c.maxrss_kb);
    forks.push_back(c.forks);
  }
  std::string out = "{";
  for (const auto& [k, v] : labels) out += json_string(k) + ":" + json_string(v) + ",";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "\"calls\":%d,\"warmup\":%d,\"wall_ms\":%.2f,\"cpu_ms\":%.2f,\"maxrss_kb\":%ld,\"forks\":%ld,\"each\":[",
                repeat, warmup, median(wall), median(cpu), *std::max_element(rss.begin(), rss.end()),
                median(forks));
  out += buf;
  if (!floor_calls.empty()) {
    std::vector<double> fwall, fcpu;
    for (const Call& f : floor_calls) {
      fwall.push_back(f.wall_ms);
      fcpu.push_back(f.cpu_ms);
    }
    out.insert(out.size() - std::strlen("\"each\":["), "\"floor\":" + json_string(floor) + ",");
    std::snprintf(buf, sizeof buf, "\"floor_wall_ms\":%.2f,\"floor_cpu_ms\":%.2f,", median(fwall), median(fcpu));
    out.insert(out.size() - std::strlen("\"each\":["), buf);
  }
  for (std::size_t c = 0; c < calls.size(); ++c) {
    std::snprintf(buf, sizeof buf, "%s[%.2f,%.2f,%ld,%ld]", c ? "," : "", calls[c].wall_ms, calls[c].cpu_ms,
                  calls[c].maxrss_kb, calls[c].forks);
    out += buf;
  }
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
  return 0;
}
