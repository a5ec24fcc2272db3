// The rmtab backup users know from the exportfs agent: mountd's record of
// NFSv3 mounts (/var/lib/nfs/rmtab, "client:path:0xcount" lines) kept per
// exported directory in a file on the shared storage, so the node taking
// over knows who had it mounted.
//
// The backup lives in the export root, which the clients may be able to
// write (it is the only place on the shared storage the agent knows of):
// it is read and written as a file a client may have planted (never
// followed, never waited on, capped: text_file.h read_regular_file and
// replace_text_file), and only its lines for that directory are restored.
// Both run in a child task bounded by the deadline (bounded_fs.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/core/deadline.h"
#include "common/nfs/nfs_server.h"
#include "common/ocf/agent.h"
#include "common/ocf/state_file.h"

namespace hanfs::nfs_export_fsid {

// Pure: the lines of `rmtab` for `directory`.
std::string rmtab_lines_for(std::string_view rmtab, std::string_view directory);
// Pure: the sorted union of the lines of both, each once.
std::string merge_rmtab(std::string_view rmtab, std::string_view backup);

// The largest backup read back (rmtab lines are ~60 bytes: ~70 000 mounts).
inline constexpr std::size_t rmtab_backup_cap = 4 << 20;

// Writes directory/backup_name for each directory whose content would
// change, one child task per directory (rmtab itself, the node's own, is read
// once); a planted file there is replaced, not followed. Logs problems of the
// file; err_generic naming the storage only when it does not answer before
// the deadline. A monitor passes `remember`: lines unchanged since this
// instance's last backup (their fingerprint under HA_RSCTMP,
// hanfs-nfs-export-fsid-rmtab-<instance>.state) are not looked at again, so
// a steady monitor touches no shared storage and forks nothing.
Result<void> backup_rmtab(const ActionContext& context, const std::vector<std::string>& directories,
                          const std::string& backup_name, bool remember);
// Start and stop forget what was remembered: the files may change meanwhile
// on another node.
void forget_rmtab_backups(const ActionContext& context);
// Merges directory/backup_name's lines for `directory` into rmtab; a backup
// that is not a regular file or is over the cap is ignored with a warning.
// err_generic naming the storage only when it does not answer in time.
Result<void> restore_rmtab(const Host& host, const std::string& directory, const std::string& backup_name,
                           const Deadline& deadline);

}  // namespace hanfs::nfs_export_fsid
