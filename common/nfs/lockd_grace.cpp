#include "common/nfs/lockd_grace.h"

#include <fcntl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "common/core/text.h"
#include "common/sys/child_task.h"

namespace hanfs {

namespace {

// In a child inside the net: writes "Y" (END) or reads the file into the
// report (otherwise).
Result<std::string> use_nlm_end_grace(const Host& host, bool end, const Deadline& deadline) {
  const std::string file = host.proc + "/fs/lockd/nlm_end_grace";
  const auto task = run_child_task(
      [&file, end](int report) {
        const int fd = ::open(file.c_str(), (end ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
        char answer[8] = {};
        const ssize_t n = fd < 0 ? -1 : end ? ::write(fd, "Y", 1) : ::read(fd, answer, sizeof answer - 1);
        if (n < 1) {
          report_to(report, std::strerror(errno));
          return 1;
        }
        ::close(fd);
        if (!end) report_to(report, answer);
        return 0;
      },
      deadline, 4096, host.namespace_dir);
  if (task.ok()) return task.report;
  const std::string where = host.namespace_dir.empty() ? "" : " in the net pinned at " + host.namespace_dir;
  return fail(OcfStatus::err_generic,
              std::string(end ? "cannot end lockd's grace period" : "cannot read whether the net is in grace") +
                  where + ": " + file + ": " +
                  (task.ending == ChildTaskResult::Ending::timed_out ? "no answer in time" : task.report));
}

}  // namespace

Result<void> end_lockd_grace(const Host& host, const Deadline& deadline) {
  if (auto written = use_nlm_end_grace(host, true, deadline); !written) return fail(written.error());
  return {};
}

Result<bool> net_in_grace(const Host& host, const Deadline& deadline) {
  auto read = use_nlm_end_grace(host, false, deadline);
  if (!read) return fail(read.error());
  const auto word = text::trim(*read);
  if (word == "Y" || word == "N") return word == "N";
  return fail(OcfStatus::err_generic, host.proc + "/fs/lockd/nlm_end_grace reads '" + text::one_line(*read) +
                                          "', not Y or N");
}

std::size_t locks_on_device(std::string_view proc_locks, dev_t device) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "%02x:%02x:", ::major(device), ::minor(device));
  std::size_t count = 0;
  for (const auto& line : text::lines(proc_locks))
    for (const auto& word : text::split_words(line))
      if (word.starts_with(prefix)) {
        ++count;
        break;
      }
  return count;
}

}  // namespace hanfs
