#include "common/ocf/compiled_metadata.h"

namespace hanfs {

namespace {
// Constant-initialised, so it is null before any dynamic initialiser runs,
// whatever the order of translation units.
constinit const CompiledMetadata* registered = nullptr;
}  // namespace

bool register_compiled_metadata(const CompiledMetadata& compiled) {
  registered = &compiled;
  return true;
}

Result<const CompiledMetadata*> compiled_metadata_for(std::string_view xml) {
  if (!registered)
    return fail(OcfStatus::err_generic, "no compiled metadata in this program: build it with hanfs_add_agent()");
  if (registered->metadata.xml != xml)
    return fail(OcfStatus::err_generic,
                "the compiled metadata is of agent '" + registered->metadata.agent + "', not of this definition's XML");
  return registered;
}

}  // namespace hanfs
