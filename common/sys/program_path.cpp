#include "common/sys/program_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace hanfs {

std::vector<std::string> program_candidates(std::string_view name, std::optional<std::string_view> path) {
  std::vector<std::string> candidates;
  if (name.empty()) return candidates;
  if (name.find('/') != std::string_view::npos) {
    candidates.emplace_back(name);
    return candidates;
  }
  const std::string_view dirs = path ? *path : kDefaultPath;
  std::size_t start = 0;
  for (;;) {
    const auto colon = dirs.find(':', start);
    const auto dir = dirs.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (dir.starts_with('/')) {
      std::string candidate(dir);
      if (!candidate.ends_with('/')) candidate += '/';
      candidate += name;
      candidates.push_back(std::move(candidate));
    }
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
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
