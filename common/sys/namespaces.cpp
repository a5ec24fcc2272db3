#include "common/sys/namespaces.h"

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "common/sys/command.h"

namespace hanfs {

namespace {

bool nsfs_mounted_at(const std::vector<MountEntry>& mounts, const std::string& path) {
  for (const MountEntry& m : mounts)
    if (m.mount_point == path && m.fs_type == "nsfs") return true;
  return false;
}

// <run_dir>/hanfs as a private mount of its own: unshare refuses a pin on a
// shared mount (a namespace pinned inside itself could never end).
Result<void> make_pins_mount(const Host& host, const Deadline& deadline) {
  const std::string top = host.run_dir + "/hanfs";
  std::error_code ec;
  std::filesystem::create_directories(top, ec);
  if (ec) return fail(OcfStatus::err_generic, "cannot create " + top + ": " + ec.message());
  bool mounted = false;
  for (const MountEntry& m : read_mounts(host)) mounted = mounted || m.mount_point == top;
  std::vector<std::vector<std::string>> steps;
  if (!mounted) steps.push_back({"mount", "--bind", top, top});
  steps.push_back({"mount", "--make-private", top});
  for (const auto& argv : steps)
    if (const CommandResult done = host.run(argv, deadline, {}); !done.ok())
      return fail(done.failure_status(), "cannot make " + top + " a private mount: " + quote_argv(argv) + ": " +
                                             done.describe_with_stderr());
  return {};
}

}  // namespace

std::string namespace_dir(const Host& host, std::string_view name) {
  return host.run_dir + "/hanfs/" + std::string(name);
}

int pins_mounted(const std::vector<MountEntry>& mounts, const std::string& dir) {
  int count = 0;
  for (std::string_view pin : kNamespacePins) count += nsfs_mounted_at(mounts, dir + "/" + std::string(pin));
  return count;
}

std::optional<unsigned long long> pinned_net_inode(const std::vector<MountEntry>& mounts, const std::string& dir) {
  if (!nsfs_mounted_at(mounts, dir + "/net")) return std::nullopt;
  struct stat st {};
  if (::stat((dir + "/net").c_str(), &st) != 0) return std::nullopt;
  return static_cast<unsigned long long>(st.st_ino);
}

Result<void> make_namespaces(const Host& host, const std::string& dir, const Deadline& deadline) {
  if (auto top = make_pins_mount(host, deadline); !top) return top;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(OcfStatus::err_generic, "cannot create " + dir + ": " + ec.message());
  std::vector<std::string> argv{"unshare"};
  for (std::string_view pin : kNamespacePins) {
    const std::string path = dir + "/" + std::string(pin);
    // unshare binds the new namespace over a file that must exist.
    if (FILE* f = std::fopen(path.c_str(), "a")) std::fclose(f);
    const std::string option = pin == "net" ? "--net=" : pin == "uts" ? "--uts=" : "--mount=";
    argv.push_back(option + path);
  }
  argv.insert(argv.end(), {"--propagation", "slave", "true"});
  const CommandResult made = host.run(argv, deadline, {});
  if (!made.ok())
    return fail(made.failure_status(), "cannot make the namespaces in " + dir + ": " + made.describe_with_stderr());
  return {};
}

Result<void> remove_pins(const Host& host, const std::string& dir) {
  const auto mounts = read_mounts(host);
  for (std::string_view pin : kNamespacePins) {
    const std::string path = dir + "/" + std::string(pin);
    if (nsfs_mounted_at(mounts, path) && ::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL)
      return fail(OcfStatus::err_generic, "cannot unmount " + path + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) return fail(OcfStatus::err_generic, "cannot remove " + dir + ": " + ec.message());
  return {};
}

std::vector<NetMember> end_processes_in_net(const Host& host, unsigned long long net, const Deadline& deadline) {
  using namespace std::chrono;
  // All at once, not one by one: N daemons cost one grace, not N.
  const auto signal_all = [&](int sig) {
    auto members = processes_in_net(net, host.proc);
    for (const NetMember& m : members)
      if (process_alive(m.id)) ::kill(m.id.pid, sig);
    return members;
  };
  const auto wait_gone = [&](steady_clock::time_point until) {
    std::vector<NetMember> left = processes_in_net(net, host.proc);
    while (!left.empty() && steady_clock::now() < until && !deadline.expired()) {
      std::this_thread::sleep_for(milliseconds(50));
      left = processes_in_net(net, host.proc);
    }
    return left;
  };
  if (signal_all(SIGTERM).empty()) return {};
  const auto term_until = steady_clock::now() + std::min<milliseconds>(milliseconds(3000), deadline.remaining() / 4);
  if (wait_gone(term_until).empty()) return {};
  signal_all(SIGKILL);
  return wait_gone(deadline.at());
}

}  // namespace hanfs
