// The agent's metadata/<agent>.xml, compiled into its binary by
// hanfs_add_agent() (cmake/EmbedMetadata.cmake): one definition per agent.
#pragma once

#include <string_view>

namespace hanfs {
std::string_view embedded_metadata();
}
