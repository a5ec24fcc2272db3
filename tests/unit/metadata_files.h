// The metadata files under test: every metadata/*.xml of the project plus
// the dispatcher's fixture (so the list is never empty).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/ocf/metadata.h"

inline std::vector<std::string> all_metadata_files() {
  std::vector<std::string> files{std::string(HANFS_SOURCE_DIR) + "/tests/unit/fixtures/test-agent.xml"};
  const std::filesystem::path dir = std::filesystem::path(HANFS_SOURCE_DIR) / "metadata";
  if (std::filesystem::is_directory(dir))
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".xml") files.push_back(entry.path().string());
  std::sort(files.begin() + 1, files.end());
  return files;
}

inline std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// An agent's metadata as the project ships it (metadata/<agent>.xml), parsed.
inline const hanfs::Metadata& agent_metadata(const std::string& agent) {
  static std::map<std::string, hanfs::Metadata> parsed;
  auto it = parsed.find(agent);
  if (it == parsed.end())
    it = parsed.emplace(agent, *hanfs::parse_metadata(read_whole_file(std::string(HANFS_SOURCE_DIR) + "/metadata/" +
                                                                      agent + ".xml"))).first;
  return it->second;
}
