#include "mounts.h"

#include <fstream>
#include <sstream>

#include "text.h"

namespace hanfs {

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape_octal(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      const char a = s[i + 1], b = s[i + 2], c = s[i + 3];
      if (a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        out += static_cast<char>((a - '0') * 64 + (b - '0') * 8 + (c - '0'));
        i += 3;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

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
    m.root = unescape_octal(fields[3]);
    m.mount_point = unescape_octal(fields[4]);
    m.fs_type = fields[sep + 1];
    m.source = unescape_octal(fields[sep + 2]);
    mounts.push_back(std::move(m));
  }
  return mounts;
}

std::vector<MountEntry> read_mounts(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return parse_mountinfo(s.str());
}

}  // namespace hanfs
