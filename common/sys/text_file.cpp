#include "common/sys/text_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/core/text.h"
#include "common/sys/unique_fd.h"

namespace hanfs {

Result<std::string> read_text_file(const std::string& path, bool missing_is_empty) {
  auto content = read_text_file_if_present(path);
  if (!content) return fail(content.error());
  if (*content) return std::move(**content);
  if (missing_is_empty) return std::string();
  return fail(OcfStatus::err_generic, "cannot read " + path + ": " + std::strerror(ENOENT));
}

Result<std::optional<std::string>> read_text_file_if_present(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    const int err = errno;
    if (err == ENOENT) return std::optional<std::string>();
    return fail(OcfStatus::err_generic, "cannot read " + path + ": " + std::strerror(err));
  }
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      return fail(OcfStatus::err_generic, "cannot read " + path + ": " + std::strerror(err));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return std::optional<std::string>(std::move(content));
}

Result<void> replace_text_file(const std::string& path, const std::string& content, unsigned mode,
                               std::optional<std::pair<unsigned, unsigned>> owner) {
  const std::string temp = path + ".hanfs-tmp." + std::to_string(::getpid());
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (!fd) return fail(OcfStatus::err_generic, "cannot write " + temp + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      fd.reset();
      ::unlink(temp.c_str());
      return fail(OcfStatus::err_generic, "cannot write " + temp + ": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd.get(), static_cast<mode_t>(mode));
  if (owner && ::fchown(fd.get(), owner->first, owner->second) != 0) {
    const int err = errno;
    fd.reset();
    ::unlink(temp.c_str());
    return fail(OcfStatus::err_generic, "cannot give " + path + " its owner: " + std::strerror(err));
  }
  int err = ::fsync(fd.get()) != 0 ? errno : 0;
  if (const int closed = fd.close(); err == 0) err = closed;
  if (err == 0 && ::rename(temp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return fail(OcfStatus::err_generic, "cannot replace " + path + ": " + std::strerror(err));
  }
  return {};
}

std::optional<std::string> read_first_line(const std::string& path) {
  auto content = read_text_file(path);
  if (!content) return std::nullopt;
  return std::string(text::trim(std::string_view(*content).substr(0, content->find('\n'))));
}

}  // namespace hanfs
