// What the resource exports: each directory with its fsid and the clients
// as the export table spells them. Pure: the fsid derivation, the refusals
// (two directories with one fsid, an fsid another directory already uses),
// the comparison with the export table, and the per-instance record that
// start leaves for monitor and stop.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agents/nfs-export-fsid/config.h"
#include "common/nfs/export_table.h"
#include "common/core/ocf_status.h"
#include "common/ocf/state_file.h"

namespace hanfs::nfs_export_fsid {

struct DirectoryExport {
  std::string directory;                   // canonical
  Fsid fsid;
  std::vector<std::string> table_clients;  // as etab spells them
};

// The derived fsid: UUID v5 with the filesystem's UUID as namespace and the
// directory's path inside the filesystem as name (see the metadata).
Fsid derived_fsid(const Uuid& filesystem_uuid, std::string_view path_inside);
// "-o" options for one directory: the user's options plus fsid=.
std::string export_options(const Config& config, const Fsid& fsid, bool root);

// err_configured when two directories share one fsid.
Result<void> check_distinct_fsids(const std::vector<DirectoryExport>& exports);
// err_configured naming the other export when an entry of `table` (called
// `table_name` in the reason; `where[i]` names entry i's file when given)
// uses one of our fsids for another directory.
Result<void> check_fsids_unused(const std::vector<DirectoryExport>& exports, const std::vector<ExportEntry>& table,
                                std::string_view table_name, const std::vector<std::string>* where = nullptr);

// How much of the resource the export table holds.
struct ExportCheck {
  std::size_t total = 0;
  std::vector<std::string> missing;     // "client:directory"
  std::vector<std::string> wrong_fsid;  // "client:directory has fsid=X, not Y"
  bool complete() const { return missing.empty() && wrong_fsid.empty(); }
  bool nothing() const { return missing.size() == total; }
  // One line: "3 of 4 exports missing: a:/x, b:/x, ... (and 2 more)".
  std::string describe() const;
};
ExportCheck check_export_table(const std::vector<DirectoryExport>& exports, const std::vector<ExportEntry>& etab);

// The table's client names for one directory's specs, given the entries of
// that directory with our fsid; `aliases[i]` are other names of spec i
// (a host's canonical name and addresses). The unmatched specs go to
// `unmatched`.
std::vector<std::string> table_clients(const std::vector<ClientSpec>& specs,
                                       const std::vector<std::vector<std::string>>& aliases,
                                       const std::vector<ExportEntry>& entries_of_directory,
                                       std::vector<std::string>* unmatched);

// The per-instance record (state file values) and back.
StateValues encode_exports(const std::vector<DirectoryExport>& exports);
Result<std::vector<DirectoryExport>> decode_exports(const StateValues& values);

}  // namespace hanfs::nfs_export_fsid
