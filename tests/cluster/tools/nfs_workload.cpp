// The client's view of a failover. Runs on an NFS client against a mounted
// export and behaves like an application that must not notice the move:
//
//   nfs_workload run DIR STATE_DIR   works until STATE_DIR/stop exists
//   nfs_workload check DIR STATE_DIR [data-only]
//                                    checks what run left, prints a verdict;
//                                    data-only: only lost or duplicated
//                                    records fail (ESTALE and the lock are
//                                    reported), run on the server's own path
//   nfs_workload lock-held FILE      on the server: exit 0 when the service
//                                    holds a lock on FILE (its local path)
//   nfs_workload probe DIR STATE_DIR ADDRESS
//                                    new files and new locks, until
//                                    STATE_DIR/stop exists
//   nfs_workload takeovers STATE_DIR what probe saw at each takeover; exit 0
//                                    when a new open and a new lock have
//                                    succeeded after every one
//
// run: holds its working directory inside DIR and one file open for the
// whole run, takes an fcntl write lock on DIR/lock, and appends numbered
// records ("record N\n") to DIR/records, each followed by fsync. A record is
// acknowledged when both returned success; acknowledged numbers go to
// STATE_DIR/acked (local disk, not the export). A failed record is never
// retried (it might be on disk already), so no record can appear twice.
// Every error is logged with a timestamp to STATE_DIR/errors.
//
// check: every acknowledged record is in DIR/records exactly once, no record
// appears twice, no error was ESTALE, the lock is still held by the run
// (F_GETLK from this other process must see it; the client answers that
// from its own lock table, so the scenario also asks the server with
// lock-held, where a reclaimed lock is a real lock held by lockd or nfsd),
// and reports the longest time between two acknowledged records (the
// outage the application saw).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::system_clock;

double now_seconds() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

void log_error(std::FILE* errors, const char* what, long long record, int err) {
  std::fprintf(errors, "%.3f record %lld %s: %s (errno %d%s)\n", now_seconds(), record, what,
               std::strerror(err), err, err == ESTALE ? ", ESTALE" : "");
  std::fflush(errors);
}

int run(const std::string& dir, const std::string& state) {
  std::FILE* errors = std::fopen((state + "/errors").c_str(), "a");
  std::FILE* acked = std::fopen((state + "/acked").c_str(), "a");
  if (!errors || !acked) { std::perror("state files"); return 2; }
  // The working directory and an open file inside the export for the whole run.
  if (chdir(dir.c_str()) != 0) { std::perror("chdir"); return 2; }
  const int lock_fd = open("lock", O_RDWR | O_CREAT, 0644);
  const int fd = open("records", O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (lock_fd < 0 || fd < 0) { std::perror("open"); return 2; }
  struct flock lock{};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (fcntl(lock_fd, F_SETLKW, &lock) != 0) { std::perror("fcntl F_SETLKW"); return 2; }
  std::fprintf(stdout, "%.3f workload %d: lock held, appending records\n", now_seconds(), getpid());
  std::fflush(stdout);

  long long n = 0;
  const std::string stop = state + "/stop";
  struct stat st{};
  while (stat(stop.c_str(), &st) != 0) {
    ++n;
    const std::string line = "record " + std::to_string(n) + "\n";
    const ssize_t w = write(fd, line.data(), line.size());
    if (w != static_cast<ssize_t>(line.size())) {
      log_error(errors, "write", n, w < 0 ? errno : EIO);
    } else if (fsync(fd) != 0) {
      log_error(errors, "fsync", n, errno);
    } else {
      std::fprintf(acked, "%lld %.3f\n", n, now_seconds());
      std::fflush(acked);
    }
    // Touch the working directory too: a stale cwd shows here first.
    if (access(".", R_OK) != 0) log_error(errors, "access(cwd)", n, errno);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::fprintf(stdout, "%.3f workload: stopped after %lld records\n", now_seconds(), n);
  std::fflush(stdout);
  // Hold the lock until the checker has looked: it removes "stop" when done.
  while (stat(stop.c_str(), &st) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  close(fd);
  close(lock_fd);
  return 0;
}

// The pid holding a conflicting lock on FILE (F_GETLK: the whole file), 0
// when none, -1 with `why` when it cannot be asked. A lock held by lockd or
// nfsd shows pid 0 on some kernels: then 1 stands for "someone".
int lock_holder(const std::string& file, std::string& why) {
  const int fd = open(file.c_str(), O_RDWR);
  if (fd < 0) { why = "cannot open " + file + ": " + std::strerror(errno); return -1; }
  struct flock probe{};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  const int rc = fcntl(fd, F_GETLK, &probe);
  const int err = errno;
  close(fd);
  if (rc != 0) { why = std::string("F_GETLK on ") + file + " failed: " + std::strerror(err); return -1; }
  if (probe.l_type == F_UNLCK) return 0;
  return probe.l_pid > 0 ? probe.l_pid : 1;
}

int lock_held(const std::string& file) {
  std::string why;
  const int holder = lock_holder(file, why);
  if (holder < 0) std::printf("%s\n", why.c_str());
  else if (holder == 0) std::printf("%s: no lock held\n", file.c_str());
  else std::printf("%s: locked (holder pid %d)\n", file.c_str(), holder);
  return holder > 0 ? 0 : 1;
}

// probe: what an application that starts after a takeover meets. One thread
// watches the floating address (a TCP connection to ADDRESS:2049 every
// 200 ms: connected or refused means a host answers there, a timeout or
// "unreachable" means the address is down) and logs each change to
// STATE_DIR/address as "T up|down". The other creates a new file in DIR
// (O_CREAT|O_EXCL, a line, fsync, close: an NFSv4 OPEN that grace refuses)
// and takes a new lock on it (F_SETLKW: grace refuses it to NFSv3 and
// NFSv4), every 500 ms, logging "open N T0 T1" and "lock N T0 T1" (start and
// end) to STATE_DIR/probe; STATE_DIR/probe-stopped when it has stopped. On a hard mount an attempt made during the
// outage blocks and ends when the server serves it: its end is the answer.
bool address_answers(const std::string& address) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(2049);
  if (inet_pton(AF_INET, address.c_str(), &to.sin_addr) != 1) return false;
  const int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  bool up = false;
  if (connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
    up = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{s, POLLOUT, 0};
    if (poll(&p, 1, 1000) == 1) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
      up = err == 0 || err == ECONNREFUSED;
    }
  } else {
    up = errno == ECONNREFUSED;
  }
  close(s);
  return up;
}

int probe(const std::string& dir, const std::string& state, const std::string& address) {
  std::FILE* log = std::fopen((state + "/probe").c_str(), "a");
  std::FILE* addr_log = std::fopen((state + "/address").c_str(), "a");
  if (!log || !addr_log) { std::perror("probe state files"); return 2; }
  const std::string stop = state + "/stop";
  auto stopped = [&] { struct stat st{}; return stat(stop.c_str(), &st) == 0; };
  std::thread watcher([&] {
    int last = -1;
    while (!stopped()) {
      const int up = address_answers(address) ? 1 : 0;
      if (up != last) {
        std::fprintf(addr_log, "%.3f %s\n", now_seconds(), up ? "up" : "down");
        std::fflush(addr_log);
        last = up;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  for (long long n = 1; !stopped(); ++n) {
    const std::string name = dir + "/new-" + std::to_string(getpid()) + "-" + std::to_string(n);
    const double t0 = now_seconds();
    int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    bool ok = fd >= 0 && write(fd, "new\n", 4) == 4 && fsync(fd) == 0;
    const int open_err = errno;
    if (fd >= 0) ok = close(fd) == 0 && ok;
    if (!ok) {
      std::fprintf(log, "error %lld %.3f open: %s\n", n, now_seconds(), std::strerror(open_err));
    } else {
      const double t1 = now_seconds();
      std::fprintf(log, "open %lld %.3f %.3f\n", n, t0, t1);
      fd = open(name.c_str(), O_RDWR);
      struct flock lock{};
      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      if (fd >= 0 && fcntl(fd, F_SETLKW, &lock) == 0) {
        std::fprintf(log, "lock %lld %.3f %.3f\n", n, t1, now_seconds());
      } else {
        std::fprintf(log, "error %lld %.3f lock: %s\n", n, now_seconds(), std::strerror(errno));
      }
      if (fd >= 0) close(fd);  // releases the lock
      unlink(name.c_str());
    }
    std::fflush(log);
    std::this_thread::sleep_for(std::chrono::milliseconds(ok ? 500 : 1000));
  }
  watcher.join();
  // Told to the scenario, which must not remove "stop" before this ends.
  std::fclose(std::fopen((state + "/probe-stopped").c_str(), "w"));
  return 0;
}

std::string seconds_or_none(double s) {
  if (s < 0) return "none yet";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

// takeovers: each time the address was down for 2 s or more (shorter gaps
// are a busy host, not a takeover), the time from the address coming back to
// the end of the first new open and of the first new lock that ended after
// it. One line per takeover; exit 0 when every one has both.
int takeovers(const std::string& state) {
  std::vector<std::pair<double, double>> outages;  // down, up
  std::ifstream addr_log(state + "/address");
  double down = 0;
  for (std::string line; std::getline(addr_log, line);) {
    double t = 0;
    char what[8] = {};
    if (std::sscanf(line.c_str(), "%lf %7s", &t, what) != 2) continue;
    if (std::string(what) == "down") down = t;
    else if (down > 0) {
      if (t - down >= 2) outages.emplace_back(down, t);
      down = 0;
    }
  }
  std::vector<std::pair<double, double>> opens, locks;  // start, end
  long long errors = 0;
  std::ifstream log(state + "/probe");
  for (std::string line; std::getline(log, line);) {
    char what[8] = {};
    long long n = 0;
    double t0 = 0, t1 = 0;
    if (line.rfind("error", 0) == 0) { ++errors; continue; }
    if (std::sscanf(line.c_str(), "%7s %lld %lf %lf", what, &n, &t0, &t1) != 4) continue;
    (std::string(what) == "open" ? opens : locks).emplace_back(t0, t1);
  }
  auto first_after = [](const std::vector<std::pair<double, double>>& ops, double t) {
    for (const auto& [start, end] : ops)
      if (end >= t) return end - t;
    return -1.0;
  };
  bool all = true;
  int i = 0;
  for (const auto& [d, u] : outages) {
    const double o = first_after(opens, u), l = first_after(locks, u);
    all = all && o >= 0 && l >= 0;
    std::printf("takeover %d: address down %.1f s; after it came back: first new open %s, first new lock %s\n", ++i,
                u - d, seconds_or_none(o).c_str(), seconds_or_none(l).c_str());
  }
  if (down > 0) { std::printf("address down since %.3f\n", down); all = false; }
  std::printf("takeovers %zu, probe errors %lld, new opens %zu, new locks %zu\n", outages.size(), errors,
              opens.size(), locks.size());
  return all ? 0 : 1;
}

int check(const std::string& dir, const std::string& state, bool data_only) {
  int failures = 0;
  auto problem = [&](const std::string& what) {
    std::printf("FAIL: %s\n", what.c_str());
    ++failures;
  };

  std::map<long long, int> seen;
  std::ifstream records(dir + "/records");
  if (!records) problem("cannot read " + dir + "/records: " + std::strerror(errno));
  for (std::string line; std::getline(records, line);) {
    long long n = 0;
    if (std::sscanf(line.c_str(), "record %lld", &n) != 1) { problem("malformed line '" + line + "'"); continue; }
    ++seen[n];
  }
  long long acked_count = 0, missing = 0, duplicated = 0;
  double longest_gap = 0, previous = 0;
  std::ifstream acked(state + "/acked");
  for (std::string line; std::getline(acked, line);) {
    long long n = 0;
    double t = 0;
    if (std::sscanf(line.c_str(), "%lld %lf", &n, &t) != 2) continue;
    ++acked_count;
    if (!seen.contains(n)) ++missing;
    if (previous > 0 && t - previous > longest_gap) longest_gap = t - previous;
    previous = t;
  }
  for (const auto& [n, count] : seen)
    if (count > 1) ++duplicated;
  const std::size_t on_disk = seen.size();
  if (acked_count == 0) problem("no record was acknowledged");
  if (missing) problem(std::to_string(missing) + " acknowledged records are missing");
  if (duplicated) problem(std::to_string(duplicated) + " records appear more than once");

  long long errors = 0, stale = 0;
  std::ifstream error_log(state + "/errors");
  for (std::string line; std::getline(error_log, line);) {
    ++errors;
    if (line.find("ESTALE") != std::string::npos) ++stale;
  }
  if (stale && !data_only) problem(std::to_string(stale) + " operations failed with ESTALE");

  // Another process must see the run's lock: reclaimed after the failover.
  std::string why;
  const int holder = lock_holder(dir + "/lock", why);
  if (holder < 0) problem(why);
  else if (holder == 0 && !data_only) problem("the workload's lock is no longer held");

  std::printf("records acknowledged %lld, on disk %zu, missing %lld, duplicated %lld\n", acked_count, on_disk,
              missing, duplicated);
  std::printf("errors %lld, ESTALE %lld, lock %s, longest outage %.1f s\n", errors, stale,
              holder > 0 ? "held" : "lost", longest_gap);
  std::printf("%s\n", failures ? "VERDICT: FAIL" : "VERDICT: PASS");
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "run") return run(argv[2], argv[3]);
  if (argc == 4 && std::string(argv[1]) == "check") return check(argv[2], argv[3], false);
  if (argc == 5 && std::string(argv[1]) == "check" && std::string(argv[4]) == "data-only")
    return check(argv[2], argv[3], true);
  if (argc == 3 && std::string(argv[1]) == "lock-held") return lock_held(argv[2]);
  if (argc == 5 && std::string(argv[1]) == "probe") return probe(argv[2], argv[3], argv[4]);
  if (argc == 3 && std::string(argv[1]) == "takeovers") return takeovers(argv[2]);
  std::fprintf(stderr,
               "usage: nfs_workload run DIR STATE_DIR | check DIR STATE_DIR [data-only] | lock-held FILE\n"
               "       | probe DIR STATE_DIR ADDRESS | takeovers STATE_DIR\n");
  return 2;
}
