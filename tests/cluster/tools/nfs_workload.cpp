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
#include <fcntl.h>
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
  std::fprintf(stderr, "usage: nfs_workload run DIR STATE_DIR | check DIR STATE_DIR [data-only] | lock-held FILE\n");
  return 2;
}
