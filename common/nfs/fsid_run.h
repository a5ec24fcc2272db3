// nfs-export-fsid's directory and fsid parameters as values, and the fsid
// each directory of a multi-directory run gets. Pure. The agent and
// hanfs-check (tools/hanfs-check) share it, so the audit expands a run
// exactly as the agent exports it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"
#include "common/nfs/export_table.h"
#include "common/ocf/parameters.h"

namespace hanfs {

// The fsid parameter: unset (derive), a number starting a run, a UUID, root.
struct FsidSetting {
  Fsid first;
  bool root = false;  // written as "root"
};

// The directory parameter's words: white space separates, "double quotes"
// group, \ooo and "\ " escape, "\\" is a backslash. A bad word (relative,
// a line break, listed twice) is a problem and left out; an unclosed quote
// leaves none. Trailing '/' removed.
Parsed<std::vector<std::string>> parse_directory_list(std::string_view text);
// err_configured for anything but an fsid (number, UUID, root), a comma,
// and, with several directories, anything but a run's first number >= 1.
Result<std::optional<FsidSetting>> parse_fsid_setting(std::string_view text, bool is_set, std::size_t directories);
// The configured fsid of directory number `index` (fsid, fsid+1, ...).
Fsid configured_fsid(const FsidSetting& setting, std::size_t index);

}  // namespace hanfs
