#include "nfsd_restart.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "text.h"

namespace hanfs {

namespace {

// In the child: the steps, each reporting its failure through `report`.
int restart_in_child(const NfsdRestart& how, const NfsPaths& paths, int report) {
  auto failed = [report](const std::string& what) {
    const std::string line = what + ": " + std::strerror(errno);
    (void)!::write(report, line.data(), line.size());
    return 1;
  };
  auto write_file = [](const std::string& path, const std::string& value) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const std::string line = value + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const int err = errno;
    ::close(fd);
    errno = err;
    return ok;
  };
  // The scope comes from the host name of the process that starts the
  // threads: a private UTS namespace gives them the service's name without
  // renaming the node.
  if (!how.scope.empty()) {
    if (::unshare(CLONE_NEWUTS) != 0) return failed("cannot get a private host name (unshare)");
    if (::sethostname(how.scope.data(), how.scope.size()) != 0) return failed("cannot set the server scope");
  }
  if (!write_file(paths.threads, "0")) return failed("cannot stop the nfsd threads (" + paths.threads + ")");
  if (how.legacy_recovery_dir && !write_file(paths.recovery_dir, *how.legacy_recovery_dir))
    return failed("cannot set " + paths.recovery_dir);
  if (!write_file(paths.threads, std::to_string(how.threads)))
    return failed("cannot start " + std::to_string(how.threads) + " nfsd threads");
  return 0;
}

}  // namespace

Result<void> restart_nfsd(const NfsdRestart& how, const Deadline& deadline, const NfsPaths& paths) {
  if (how.threads <= 0) return fail(OcfStatus::err_generic, "nfsd restart needs a thread count above 0");
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0)
    return fail(OcfStatus::err_generic, std::string("cannot restart nfsd: pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    ::close(report[0]);
    ::close(report[1]);
    return fail(OcfStatus::err_generic, std::string("cannot restart nfsd: fork: ") + std::strerror(err));
  }
  if (pid == 0) {
    ::close(report[0]);
    ::_exit(restart_in_child(how, paths, report[1]));
  }
  ::close(report[1]);
  // Stopping the threads waits for the requests in progress; a hung one must
  // not take the action past its deadline.
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && !deadline.expired())
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (done == 0) {
    // Reaped when it dies at once; a thread stuck in the kernel may keep it
    // past a short grace, and then it is left to init when we exit.
    ::kill(pid, SIGKILL);
    for (int i = 0; i < 50 && ::waitpid(pid, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::close(report[0]);
    return fail(OcfStatus::err_generic,
                "restarting nfsd does not finish before the deadline (a thread is stuck in a request): "
                "nfsd is left as it is");
  }
  char buffer[512];
  const ssize_t n = ::read(report[0], buffer, sizeof buffer);
  ::close(report[0]);
  if (done < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(OcfStatus::err_generic,
                "restarting nfsd failed: " + (n > 0 ? std::string(buffer, static_cast<std::size_t>(n))
                                                    : std::string("the helper process died")));
  return {};
}

bool process_named_running(const std::string& comm, const std::string& proc) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(proc, ec)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    auto content = read_text_file(entry.path() / "comm");
    if (content && text::trim(*content) == comm) return true;
  }
  return false;
}

}  // namespace hanfs
