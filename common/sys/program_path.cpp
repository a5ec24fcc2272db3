#include "common/sys/program_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace hanfs {

std::vector<std::string> program_candidates(std::string_view name, std::optional<std::string_view> path) {
  std::vector<std::string> candidates;
  if (name.empty()) return candidates;
  if (name.find('/') != std::string_view::npos) {
    candidates.emplace_back(name);
    return candidates;
  }
  std::vector<std::string> dirs;
  const auto add_dirs = [&dirs](std::string_view list) {
    std::size_t start = 0;
    for (;;) {
      const auto colon = list.find(':', start);
      std::string dir(list.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
      while (dir.size() > 1 && dir.ends_with('/')) dir.pop_back();
      if (dir.starts_with('/') && std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
  };
  if (path) add_dirs(*path);
  add_dirs(kDefaultPath);
  for (const auto& dir : dirs) candidates.push_back((dir == "/" ? "" : dir) + "/" + std::string(name));
  return candidates;
}

std::optional<std::string> find_program(std::string_view name) {
  const char* path = std::getenv("PATH");
  for (auto& candidate : program_candidates(name, path ? std::optional<std::string_view>(path) : std::nullopt)) {
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
      return std::move(candidate);
  }
  return std::nullopt;
}

}  // namespace hanfs
