#include "common/sys/mounts.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
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

bool same_directory(const std::string& a, const std::string& b) {
  struct stat sa{}, sb{};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && S_ISDIR(sa.st_mode) &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
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
