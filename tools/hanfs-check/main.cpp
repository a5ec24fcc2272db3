// hanfs-check: the administrator's audit of an HA-NFS cluster (cli.h).
#include <unistd.h>

#include <string>
#include <vector>

#include "tools/hanfs-check/cli.h"

namespace {

void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto result = hanfs::check::run_cli(args, hanfs::Host::real());
  write_all(1, result.out);
  write_all(2, result.err);
  return result.exit_code;
}
