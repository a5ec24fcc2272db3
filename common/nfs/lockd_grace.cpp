#include "common/nfs/lockd_grace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/sys/child_task.h"

namespace hanfs {

Result<void> end_lockd_grace(const Host& host, const Deadline& deadline) {
  const std::string file = host.proc + "/fs/lockd/nlm_end_grace";
  const auto task = run_child_task(
      [&file](int report) {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0 || ::write(fd, "Y", 1) != 1) {
          report_to(report, std::strerror(errno));
          return 1;
        }
        ::close(fd);
        return 0;
      },
      deadline, 4096, host.namespace_dir);
  if (task.ok()) return {};
  const std::string where = host.namespace_dir.empty() ? "" : " in the net pinned at " + host.namespace_dir;
  return fail(OcfStatus::err_generic, "cannot end lockd's grace period" + where + ": " + file + ": " +
                                          (task.ending == ChildTaskResult::Ending::timed_out ? "no answer in time"
                                                                                             : task.report));
}

}  // namespace hanfs
