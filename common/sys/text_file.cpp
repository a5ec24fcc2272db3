#include "common/sys/text_file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
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

namespace {

// 12 hex digits from getrandom: a name a client cannot guess in advance.
std::string unpredictable_suffix() {
  unsigned char bytes[6] = {};
  if (::getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy yet (early boot): O_EXCL still refuses whatever is there.
    const auto mix = static_cast<unsigned long long>(::getpid()) * 0x9E3779B97F4A7C15ull ^
                     static_cast<unsigned long long>(::time(nullptr));
    std::memcpy(bytes, &mix, sizeof bytes);
  }
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

Result<void> write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(OcfStatus::err_generic, std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

Result<void> replace_text_file(const std::string& path, const std::string& content, unsigned mode,
                               std::optional<std::pair<unsigned, unsigned>> owner) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  UniqueFd dirfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dirfd) return fail(OcfStatus::err_generic, "cannot write " + path + ": " + dir + ": " + std::strerror(errno));
  std::string temp;
  UniqueFd fd;
  for (int attempt = 0; attempt < 8 && !fd; ++attempt) {
    temp = "." + name + ".hanfs-" + unpredictable_suffix();
    fd.reset(::openat(dirfd.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd && errno != EEXIST) break;
  }
  if (!fd) return fail(OcfStatus::err_generic, "cannot write " + dir + "/" + temp + ": " + std::strerror(errno));
  auto drop_temp = [&] { ::unlinkat(dirfd.get(), temp.c_str(), 0); };
  if (auto w = write_all(fd.get(), content); !w) {
    fd.reset();
    drop_temp();
    return fail(OcfStatus::err_generic, "cannot write " + dir + "/" + temp + ": " + w.error().reason);
  }
  ::fchmod(fd.get(), static_cast<mode_t>(mode));
  if (owner && ::fchown(fd.get(), owner->first, owner->second) != 0) {
    const int err = errno;
    fd.reset();
    drop_temp();
    return fail(OcfStatus::err_generic, "cannot give " + path + " its owner: " + std::strerror(err));
  }
  int err = ::fsync(fd.get()) != 0 ? errno : 0;
  if (const int closed = fd.close(); err == 0) err = closed;
  if (err == 0 && ::renameat(dirfd.get(), temp.c_str(), dirfd.get(), name.c_str()) != 0) err = errno;
  if (err != 0) {
    drop_temp();
    return fail(OcfStatus::err_generic, "cannot replace " + path + ": " + std::strerror(err));
  }
  ::fsync(dirfd.get());  // the rename itself survives a crash (the node taking over reads it)
  return {};
}

GuardedRead read_regular_file(const std::string& path, std::size_t cap) {
  GuardedRead r;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd) {
    const int err = errno;
    if (err == ENOENT) return r;
    r.found = GuardedRead::Found::refused;
    r.why = err == ELOOP ? std::string("a symbolic link, not followed") : std::strerror(err);
    return r;
  }
  r.found = GuardedRead::Found::refused;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    r.why = std::strerror(errno);
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    r.why = S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file" : "not a regular file";
    return r;
  }
  if (static_cast<unsigned long long>(st.st_size) > cap) {
    r.why = std::to_string(st.st_size) + " bytes, more than the " + std::to_string(cap) + " expected";
    return r;
  }
  // Read to cap + 1: a file that grows while being read is still refused.
  std::string content;
  char buffer[65536];
  while (content.size() <= cap) {
    const ssize_t n = ::read(fd.get(), buffer, std::min(sizeof buffer, cap + 1 - content.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.why = std::strerror(errno);
      return r;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  if (content.size() > cap) {
    r.why = "more than the " + std::to_string(cap) + " bytes expected";
    return r;
  }
  r.found = GuardedRead::Found::file;
  r.content = std::move(content);
  return r;
}

std::optional<std::string> read_first_line(const std::string& path) {
  auto content = read_text_file(path);
  if (!content) return std::nullopt;
  return std::string(text::trim(std::string_view(*content).substr(0, content->find('\n'))));
}

}  // namespace hanfs
