#include "common/sys/mounts.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <cstring>

#include "common/core/text.h"
#include "common/sys/text_file.h"

namespace hanfs {

std::vector<MountEntry> parse_mountinfo(std::string_view content) {
  std::vector<MountEntry> mounts;
  for (const auto& line : text::lines(content)) {
    // id parent major:minor root mount_point options [optional...] - type source super_options
    auto fields = text::split(line, ' ');
    std::size_t sep = 0;
    for (std::size_t i = 6; i < fields.size(); ++i)
      if (fields[i] == "-") { sep = i; break; }
    if (fields.size() < 7 || sep == 0 || sep + 2 >= fields.size()) continue;
    auto dev = text::split(fields[2], ':');
    if (dev.size() != 2) continue;
    auto major = text::parse_int(dev[0]), minor = text::parse_int(dev[1]);
    if (!major || !minor) continue;
    MountEntry m;
    m.major = static_cast<int>(*major);
    m.minor = static_cast<int>(*minor);
    m.root = text::unescape_octal(fields[3]);
    m.mount_point = text::unescape_octal(fields[4]);
    m.fs_type = fields[sep + 1];
    m.source = text::unescape_octal(fields[sep + 2]);
    const auto options = text::split(fields[5], ',');
    m.read_only = std::find(options.begin(), options.end(), "ro") != options.end();
    mounts.push_back(std::move(m));
  }
  return mounts;
}

const MountEntry* mount_holding(const std::vector<MountEntry>& mounts, const std::string& path) {
  auto at_or_below = [&path](const std::string& dir) {
    if (dir == "/") return !path.empty() && path.front() == '/';
    return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
  };
  const MountEntry* best = nullptr;
  for (const auto& m : mounts)
    if (at_or_below(m.mount_point) && (!best || m.mount_point.size() >= best->mount_point.size())) best = &m;
  return best;
}

std::vector<MountEntry> read_mounts(const std::string& path) {
  auto content = read_text_file(path);
  return parse_mountinfo(content ? *content : std::string());
}

std::vector<MountEntry> read_mounts(const Host& host) { return read_mounts(host.proc + "/self/mountinfo"); }

namespace {

std::string normal(const std::string& path) {
  std::string p = std::filesystem::path(path).lexically_normal().string();
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

}  // namespace

std::string resolve_through_root_filesystem(const std::vector<MountEntry>& mounts, const std::string& path) {
  std::string p = normal(path);
  // Follow symlinks only in components already known to be on the root
  // filesystem; 40 is the kernel's own limit on links in one lookup.
  for (int links = 0; links < 40;) {
    const std::filesystem::path fp(p);
    std::string prefix;
    bool followed = false;
    for (auto it = std::next(fp.begin()); it != fp.end(); ++it) {
      prefix += "/" + it->string();
      const MountEntry* holder = mount_holding(mounts, prefix);
      if (!holder || !on_root_filesystem(mounts, *holder)) break;
      struct stat st{};
      if (::lstat(prefix.c_str(), &st) != 0) break;  // not there: the lexical answer stands
      if (!S_ISLNK(st.st_mode)) continue;
      char target[4096];
      const ssize_t n = ::readlink(prefix.c_str(), target, sizeof target - 1);
      if (n <= 0) break;
      std::filesystem::path t(std::string(target, static_cast<std::size_t>(n)));
      if (t.is_relative()) t = std::filesystem::path(prefix).parent_path() / t;
      std::string rest = fp.lexically_relative(prefix).string();
      p = normal((rest == "." ? t : t / rest).string());
      ++links;
      followed = true;
      break;
    }
    if (!followed) break;
  }
  return p;
}

std::optional<MountEntry> mount_holding_directory(const std::vector<MountEntry>& mounts, const std::string& path) {
  const MountEntry* holder = mount_holding(mounts, resolve_through_root_filesystem(mounts, path));
  if (!holder) return std::nullopt;
  return *holder;
}

bool on_root_filesystem(const std::vector<MountEntry>& mounts, const MountEntry& mount) {
  if (mount.mount_point == "/") return true;
  for (const auto& m : mounts)
    if (m.mount_point == "/" && m.major == mount.major && m.minor == mount.minor) return true;
  return false;
}

Result<void> check_off_root_filesystem(const Host& host, std::string_view what, const std::string& path,
                                       std::string_view override_param) {
  const auto mounts = read_mounts(host);
  const auto holder = mount_holding_directory(mounts, path);
  if (!holder)
    return fail(OcfStatus::err_generic, "cannot tell which filesystem holds " + std::string(what) + " " + path +
                                            ": no mount table in " + host.proc + "/self/mountinfo");
  if (on_root_filesystem(mounts, *holder))
    return fail(OcfStatus::err_generic,
                std::string(what) + " " + path + " is on the root filesystem: is the service's filesystem mounted?" +
                    (override_param.empty() ? "" : " (set " + std::string(override_param) + "=true if intended)"));
  return {};
}

bool bind_mounted(const std::vector<MountEntry>& mounts, const std::string& source, const std::string& target) {
  const auto holder = mount_holding_directory(mounts, source);
  const MountEntry* top = mount_holding(mounts, normal(target));
  if (!holder || !top || top->mount_point != normal(target)) return false;
  if (top->major != holder->major || top->minor != holder->minor) return false;
  // SOURCE inside its filesystem: the holder's root, then the path below its mount point.
  const std::string below = std::filesystem::path(normal(source)).lexically_relative(holder->mount_point).string();
  const std::string inside = normal(below == "." ? holder->root : holder->root + "/" + below);
  return normal(top->root) == inside;
}

Result<void> bind_mount(const std::string& source, const std::string& target) {
  if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0)
    return fail(OcfStatus::err_generic,
                "cannot bind " + source + " on " + target + ": " + std::strerror(errno));
  return {};
}

Result<void> unmount(const std::string& target) {
  if (::umount2(target.c_str(), 0) == 0) return {};
  if (errno == EBUSY && ::umount2(target.c_str(), MNT_DETACH) == 0) return {};
  return fail(OcfStatus::err_generic, "cannot unmount " + target + ": " + std::strerror(errno));
}

}  // namespace hanfs
