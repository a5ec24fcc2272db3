#include "common/storage/block_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "common/sys/child_task.h"
#include "common/core/text.h"
#include "common/sys/unique_fd.h"

namespace hanfs {

namespace {

// In the child: before each device its index on a line of the report, and
// "!reason" when it fails. Only system calls here (see child_task.h).
int read_all(const std::vector<BlockDevice>& devices, int report) {
  alignas(4096) static char block[4096];
  for (std::size_t i = 0; i < devices.size(); ++i) {
    report_to(report, std::to_string(i) + "\n");
    const char* path = devices[i].path.c_str();
    UniqueFd fd(::open(path, O_RDONLY | O_DIRECT | O_CLOEXEC));
    struct stat st{};
    // Only what is not a block device (a character device, say) may be read
    // through the page cache: a block device's answer must come from it.
    if (!fd && errno == EINVAL && ::stat(path, &st) == 0 && !S_ISBLK(st.st_mode))
      fd.reset(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) {
      const int err = errno;
      report_to(report, "!" + devices[i].path + ": cannot open: " + std::strerror(err));
      return 1;
    }
    const ssize_t n = ::pread(fd.get(), block, sizeof block, 0);
    const int err = errno;
    fd.reset();
    if (n < 0) {
      report_to(report, "!" + devices[i].path + ": " + std::strerror(err));
      return 1;
    }
  }
  return 0;
}

}  // namespace

Result<void> read_first_blocks(const std::vector<BlockDevice>& devices, const Deadline& deadline) {
  if (devices.empty()) return {};
  auto r = run_child_task([&](int report) { return read_all(devices, report); }, deadline);
  if (r.ok()) return {};
  if (r.ending == ChildTaskResult::Ending::fork_failed)
    return fail(OcfStatus::err_generic, "cannot check the devices: " + r.report);
  // The last index the child reported is the device it was on.
  std::optional<std::size_t> at;
  std::string why;
  for (const auto& line : text::lines(r.report)) {
    if (line.starts_with("!")) why = line.substr(1);
    else if (auto i = text::parse_int(line); i && *i >= 0 && static_cast<std::size_t>(*i) < devices.size())
      at = static_cast<std::size_t>(*i);
  }
  if (!at)
    return fail(OcfStatus::err_generic, "the devices could not be checked before the deadline (" +
                                            std::to_string(devices.size()) + " to read)");
  const auto& device = devices[*at];
  if (r.ending == ChildTaskResult::Ending::timed_out)
    return fail(OcfStatus::err_generic,
                device.label + " (" + device.path + ") does not answer a read before the deadline: its I/O hangs");
  return fail(OcfStatus::err_generic,
              "reading " + device.label + " failed: " + (why.empty() ? "the reading process died" : why));
}

}  // namespace hanfs
