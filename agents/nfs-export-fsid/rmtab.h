// The rmtab backup users know from the exportfs agent: mountd's record of
// NFSv3 mounts (/var/lib/nfs/rmtab, "client:path:0xcount" lines) kept per
// exported directory in a file on the shared storage, so the node taking
// over knows who had it mounted.
#pragma once

#include <string>
#include <string_view>

#include "common/nfs/nfs_server.h"

namespace hanfs::nfs_export_fsid {

// Pure: the lines of `rmtab` for `directory`.
std::string rmtab_lines_for(std::string_view rmtab, std::string_view directory);
// Pure: the sorted union of the lines of both, each once.
std::string merge_rmtab(std::string_view rmtab, std::string_view backup);

// Writes directory/backup_name when its content would change; logs problems.
void backup_rmtab(const Host& host, const std::string& directory, const std::string& backup_name);
// Merges directory/backup_name into rmtab; logs problems.
void restore_rmtab(const Host& host, const std::string& directory, const std::string& backup_name);

}  // namespace hanfs::nfs_export_fsid
