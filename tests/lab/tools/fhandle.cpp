// lab_fhandle: look at NFS file handles from the client side, for lab scenarios.
//
//   lab_fhandle get PATH              print PATH's handle as TYPE:HEX
//                                     (name_to_handle_at; on an NFS mount this
//                                     is the server's file handle)
//   lab_fhandle open MOUNT TYPE:HEX   open_by_handle_at on MOUNT's filesystem,
//                                     then fstat and read one byte
//   lab_fhandle probe-fd FD           fstat and pread one byte from an
//                                     inherited descriptor (a "held open" file)
//   lab_fhandle probe-path PATH       stat PATH, then read a byte (file) or
//                                     an entry (directory); PATH "." probes a
//                                     held working directory
//
// The probes print "ok" or the errno name (ESTALE, ...) and exit 0 or 1, so a
// scenario can record what a client holding a handle sees after a failover.
// bash has no name_to_handle_at, and python3's os module has neither call.

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

// A file_handle is a header followed by f_handle[handle_bytes].
struct HandleBuffer {
  std::vector<unsigned char> storage;
  explicit HandleBuffer(unsigned int bytes) : storage(sizeof(file_handle) + bytes) {
    get()->handle_bytes = bytes;
  }
  file_handle* get() { return reinterpret_cast<file_handle*>(storage.data()); }
};

int report(int err) {
  if (err == 0) {
    std::puts("ok");
    return 0;
  }
  const char* name = strerrorname_np(err);
  std::printf("%s\n", name ? name : std::to_string(err).c_str());
  return 1;
}

int usage() {
  std::fputs(
      "usage: lab_fhandle get PATH | open MOUNT TYPE:HEX | probe-fd FD | probe-path PATH\n",
      stderr);
  return 2;
}

int get_handle(const char* path) {
  HandleBuffer h(MAX_HANDLE_SZ);
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, path, h.get(), &mount_id, 0) != 0) {
    std::fprintf(stderr, "lab_fhandle: name_to_handle_at %s: %s\n", path, std::strerror(errno));
    return 1;
  }
  std::printf("%d:", h.get()->handle_type);
  for (unsigned int i = 0; i < h.get()->handle_bytes; ++i) std::printf("%02x", h.get()->f_handle[i]);
  std::putchar('\n');
  return 0;
}

std::optional<HandleBuffer> parse_handle(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string hex(text.substr(colon + 1));
  if (hex.size() % 2 != 0 || hex.size() / 2 > MAX_HANDLE_SZ) return std::nullopt;
  HandleBuffer h(static_cast<unsigned int>(hex.size() / 2));
  h.get()->handle_type = std::atoi(std::string(text.substr(0, colon)).c_str());
  for (std::size_t i = 0; i < hex.size() / 2; ++i) {
    h.get()->f_handle[i] = static_cast<unsigned char>(std::strtoul(hex.substr(2 * i, 2).c_str(), nullptr, 16));
  }
  return h;
}

// fstat, then read one byte of a regular file: both go to the server when the
// client has no valid cached attributes or pages.
int probe_open_fd(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return errno;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    char byte = 0;
    if (pread(fd, &byte, 1, 0) < 0) return errno;
  }
  return 0;
}

int open_handle(const char* mount, std::string_view text) {
  auto h = parse_handle(text);
  if (!h) return usage();
  const Fd mount_fd(::open(mount, O_RDONLY | O_DIRECTORY));
  if (!mount_fd.valid()) return report(errno);
  const Fd fd(open_by_handle_at(mount_fd.get(), h->get(), O_RDONLY));
  if (!fd.valid()) return report(errno);
  return report(probe_open_fd(fd.get()));
}

int probe_path(const char* path) {
  struct stat st {};
  if (stat(path, &st) != 0) return report(errno);
  if (S_ISDIR(st.st_mode)) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(path), closedir);
    if (!dir) return report(errno);
    errno = 0;
    while (readdir(dir.get()) != nullptr) {
    }
    return report(errno);
  }
  const Fd fd(::open(path, O_RDONLY));
  if (!fd.valid()) return report(errno);
  return report(probe_open_fd(fd.get()));
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "get") return get_handle(argv[2]);
  if (args.size() == 3 && args[0] == "open") return open_handle(argv[2], args[2]);
  if (args.size() == 2 && args[0] == "probe-fd") return report(probe_open_fd(std::atoi(argv[2])));
  if (args.size() == 2 && args[0] == "probe-path") return probe_path(argv[2]);
  return usage();
}
