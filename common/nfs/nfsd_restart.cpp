#include "common/nfs/nfsd_restart.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "common/sys/child_task.h"
#include "common/core/text.h"
#include "common/sys/text_file.h"
#include "common/sys/unique_fd.h"

namespace hanfs {

namespace {

// In the child: the steps, each reporting its failure through `report`.
int restart_in_child(const NfsdRestart& how, const NfsPaths& paths, int report) {
  // The message is put together here, after errno is saved: building it
  // first could allocate and clobber errno.
  auto failed = [report](std::initializer_list<std::string_view> what) {
    const int err = errno;
    std::string line;
    for (auto part : what) line += part;
    report_to(report, line + ": " + std::strerror(err));
    return 1;
  };
  auto write_file = [](const std::string& path, const std::string& value) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return false;
    const std::string line = value + "\n";
    const bool ok = ::write(fd.get(), line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const int err = errno;
    fd.reset();
    errno = err;  // for `failed`, which reports it
    return ok;
  };
  // The scope comes from the host name of the process that starts the
  // threads: a private UTS namespace gives them the service's name without
  // renaming the node.
  if (!how.scope.empty()) {
    if (::unshare(CLONE_NEWUTS) != 0) return failed({"cannot get a private host name (unshare)"});
    if (::sethostname(how.scope.data(), how.scope.size()) != 0) return failed({"cannot set the server scope"});
  }
  if (!write_file(paths.threads, "0")) return failed({"cannot stop the nfsd threads (", paths.threads, ")"});
  if (how.legacy_recovery_dir && !write_file(paths.recovery_dir, *how.legacy_recovery_dir))
    return failed({"cannot set ", paths.recovery_dir});
  if (!write_file(paths.threads, std::to_string(how.threads)))
    return failed({"cannot start ", std::to_string(how.threads), " nfsd threads"});
  return 0;
}

}  // namespace

Result<void> restart_nfsd(const Host& host, const NfsdRestart& how, const Deadline& deadline) {
  const NfsPaths paths(host);
  if (how.threads <= 0) return fail(OcfStatus::err_generic, "nfsd restart needs a thread count above 0");
  // Stopping the threads waits for the requests in progress; a hung one must
  // not take the action past its deadline.
  auto r = run_child_task([&](int report) { return restart_in_child(how, paths, report); }, deadline);
  switch (r.ending) {
    case ChildTaskResult::Ending::succeeded:
      return {};
    case ChildTaskResult::Ending::timed_out:
      return fail(OcfStatus::err_generic,
                  "restarting nfsd does not finish before the deadline (a thread is stuck in a request): "
                  "nfsd is left as it is");
    case ChildTaskResult::Ending::fork_failed:
      return fail(OcfStatus::err_generic, "cannot restart nfsd: " + r.report);
    case ChildTaskResult::Ending::failed:
      break;
  }
  return fail(OcfStatus::err_generic,
              "restarting nfsd failed: " + (r.report.empty() ? std::string("the helper process died") : r.report));
}

}  // namespace hanfs
