// The man page of an agent, ocf_hanfs_<agent>(7), in the layout of
// resource-agents' ocf_heartbeat_* pages: description, every parameter (with
// type, default, required, unique group), the actions with their default
// timeouts and intervals, and a `pcs resource create` example. Built from the
// agent's metadata XML only, so the page cannot disagree with `meta-data`.
#pragma once

#include <string>
#include <string_view>

#include "common/core/ocf_status.h"

namespace hanfs {

// The page's roff source (man macros). Fails, naming the problem, when the
// XML is not metadata parse_metadata accepts.
Result<std::string> render_man_page(std::string_view metadata_xml, std::string_view version);

}  // namespace hanfs
