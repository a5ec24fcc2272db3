#include "common/nfs/nfsd_restart.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string_view>

#include "common/sys/child_task.h"
#include "common/core/text.h"
#include "common/sys/text_file.h"
#include "common/sys/unique_fd.h"

namespace hanfs {

namespace {

constexpr std::string_view kStepStopping = "stopping the nfsd threads";
constexpr std::string_view kStepRecords = "setting the legacy records directory";
constexpr std::string_view kStepStarting = "starting the nfsd threads";

// The report's last line: the step reached, or why the helper failed.
std::string last_line(const std::string& report) {
  auto rows = text::lines(report);
  while (!rows.empty() && text::trim(rows.back()).empty()) rows.pop_back();
  return rows.empty() ? std::string() : rows.back();
}

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
  // Each step is reported before it is taken: a helper abandoned at the
  // deadline tells how far it got (the last line).
  report_to(report, std::string(kStepStopping) + "\n");
  if (!write_file(paths.threads, "0")) return failed({"cannot stop the nfsd threads (", paths.threads, ")"});
  if (how.legacy_recovery_dir) {
    report_to(report, std::string(kStepRecords) + "\n");
    if (!write_file(paths.recovery_dir, *how.legacy_recovery_dir)) return failed({"cannot set ", paths.recovery_dir});
  }
  report_to(report, std::string(kStepStarting) + "\n");
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
    case ChildTaskResult::Ending::timed_out: {
      // The abandoned helper never writes the new count: once its write of 0
      // ends, nfsd runs no thread until the next restart.
      const std::string step = last_line(r.report);
      const bool stopping = step.empty() || step == kStepStopping;
      return fail(OcfStatus::err_generic,
                  "restarting nfsd does not finish before the deadline, abandoned while " +
                      (step.empty() ? std::string(kStepStopping) : step) +
                      (stopping ? " (a thread is stuck in a request)" : "") +
                      ": nfsd is left with 0 threads (" + std::to_string(how.threads) +
                      " are never started) until the next start or stop restarts it");
    }
    case ChildTaskResult::Ending::fork_failed:
      return fail(OcfStatus::err_generic, "cannot restart nfsd: " + r.report);
    case ChildTaskResult::Ending::failed:
      break;
  }
  const std::string why = last_line(r.report);
  const bool died = why.empty() || why == kStepStopping || why == kStepRecords || why == kStepStarting;
  return fail(OcfStatus::err_generic,
              "restarting nfsd failed: " + (died ? "the helper process died while " + (why.empty() ? std::string(kStepStopping) : why) : why));
}

Result<NfsdControls> read_nfsd_controls(const Host& host, const Deadline& deadline) {
  const NfsPaths paths(host);
  std::error_code ec;
  if (!std::filesystem::exists(paths.threads, ec)) return NfsdControls{};
  // In a child: both reads take nfsd's mutex, which a stuck restart holds.
  auto r = run_child_task(
      [&](int report) {
        auto threads = read_text_file(paths.threads);
        auto dir = read_text_file(paths.recovery_dir);
        report_to(report, (threads ? std::string(text::trim(*threads)) : std::string()) + "\n" +
                              (dir ? std::string(text::trim(*dir)) : std::string()) + "\n");
        return 0;
      },
      deadline);
  if (r.ending == ChildTaskResult::Ending::timed_out)
    return fail(OcfStatus::err_generic, "nfsd's controls (" + paths.threads +
                                            ") do not answer before the deadline: an nfsd restart is stuck "
                                            "stopping the threads (a request hangs)");
  if (!r.ok()) return fail(OcfStatus::err_generic, "cannot read nfsd's controls: " + r.report);
  auto rows = text::lines(r.report);
  NfsdControls controls;
  controls.loaded = true;
  if (!rows.empty()) {
    auto n = text::parse_int(rows[0]);
    controls.threads = n && *n > 0 && *n < 100000 ? static_cast<int>(*n) : 0;
  }
  if (rows.size() > 1) controls.recovery_dir = rows[1];
  return controls;
}

}  // namespace hanfs
