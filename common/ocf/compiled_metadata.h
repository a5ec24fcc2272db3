// An agent's metadata as the build compiled it: tools/metadata-compile runs
// parse_metadata() and render_metadata() on metadata/<agent>.xml and writes
// the result as C++ (hanfs_add_agent, cmake/EmbedMetadata.cmake). The agent
// then neither parses XML nor loads libxml2 (with ICU) at each call: that
// start-up cost was most of a depth-0 monitor under emulation (bench/).
#pragma once

#include <string_view>

#include "common/ocf/metadata.h"
#include "common/core/ocf_status.h"

namespace hanfs {

struct CompiledMetadata {
  Metadata metadata;          // what parse_metadata() returns; .xml is the source (OCF 1.1)
  std::string_view ocf_1_0;   // render_metadata(metadata, OcfDialect::v1_0)

  std::string_view render(OcfDialect dialect) const {
    return dialect == OcfDialect::v1_1 ? std::string_view(metadata.xml) : ocf_1_0;
  }
};

// Called once by the generated source, at static initialisation; a program
// holds one agent's metadata.
bool register_compiled_metadata(const CompiledMetadata& compiled);

// The compiled metadata of this program, which must be the compilation of
// `xml` (AgentDefinition::metadata_xml); else err_generic naming the mismatch.
Result<const CompiledMetadata*> compiled_metadata_for(std::string_view xml);

}  // namespace hanfs
