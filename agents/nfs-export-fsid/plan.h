// What start would export on this node: the configuration checked, the
// directories resolved, the fsids assigned (derived from the filesystem
// where unset) and distinct, and refused when another directory already
// uses one (directory_exports.h holds the pure pieces).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "agents/nfs-export-fsid/config.h"
#include "agents/nfs-export-fsid/directory_exports.h"
#include "common/ocf/agent.h"

namespace hanfs::nfs_export_fsid {

// Clients not yet resolved to the table's names. err_configured /
// err_installed as due.
struct Plan {
  Config config;
  std::vector<DirectoryExport> exports;
};
Result<Plan> make_plan(const ActionContext& context);
// Refuses an fsid another directory uses in etab, /etc/exports or exports.d.
Result<void> check_tables(const Host& host, const std::vector<DirectoryExport>& exports);
// The names a configured directory can have in etab: as written, through
// symlinks on the root filesystem (mounts.h: that cannot hang), and, with
// `ask_storage` (no state file says what start exported), its realpath when
// the storage answers within a second (a child task; when it does not, a
// warning and the other names).
std::set<std::string> configured_directory_names(const Config& config, const Host& host, const Deadline& deadline,
                                                 bool ask_storage);
// This resource's entries of an export table: each (directory, client) pair
// `recorded` holds, and each entry of a configured directory (by any of
// `directory_names`) to a configured client: the configuration says what is
// ours when no state file does, so probe and stop agree on it.
std::vector<const ExportEntry*> our_entries(const Config& config, const std::set<std::string>& directory_names,
                                            const std::vector<DirectoryExport>& recorded,
                                            const std::vector<ExportEntry>& etab);

}  // namespace hanfs::nfs_export_fsid
