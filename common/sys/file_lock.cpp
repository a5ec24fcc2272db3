#include "common/sys/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

namespace hanfs {

Result<FileLock> FileLock::acquire(const std::string& path, const Deadline& deadline) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) return fail(OcfStatus::err_generic, "cannot open lock file " + path + ": " + std::strerror(errno));
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return FileLock(std::move(fd));
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int err = errno;
      return fail(OcfStatus::err_generic, "cannot lock " + path + ": " + std::strerror(err));
    }
    if (deadline.expired()) return fail(OcfStatus::err_generic, "timed out waiting for the lock " + path);
    std::this_thread::sleep_for(std::min(deadline.remaining(), std::chrono::milliseconds(20)));
  }
}

}  // namespace hanfs
