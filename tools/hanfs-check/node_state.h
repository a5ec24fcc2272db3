// What THIS node shows, for the risks that depend on it: the export tables
// (etab, /etc/exports and exports.d), the LVs and their minors (`lvs`), the
// device-mapper devices (sysfs), the mount table and the UUIDs of the
// filesystems under the directories asked about (blkid), nfsd's grace and
// lease times. Read through the Host seam, every command within the
// deadline. What cannot be read is left empty with a note saying so; the
// `*_read` flags say which parts are known (a risk is only concluded from
// a part that was read).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/core/deadline.h"
#include "common/nfs/export_table.h"
#include "common/nfs/uuid.h"
#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"
#include "common/sys/host.h"
#include "common/sys/mounts.h"
#include "tools/hanfs-check/nfsd_times.h"

namespace hanfs::check {

struct NodeState {
  std::vector<ExportEntry> etab;           // what the server exports now
  bool etab_read = false;
  std::vector<ExportEntry> exports_files;  // /etc/exports and /etc/exports.d/*.exports
  std::vector<LvRecord> lvs;
  bool lvs_read = false;
  std::vector<DmDevice> dm_devices;
  bool dm_read = false;
  std::vector<MountEntry> mounts;
  // Directory -> its filesystem's UUID (nullopt: it has none), for the
  // directories whose filesystem is mounted here and answered blkid.
  std::map<std::string, std::optional<Uuid>> filesystem_uuid;
  NfsdTimes nfsd_times;  // this node's, /proc/fs/nfsd
  // Every cluster node's as last published (nfsd_times.h), this node's
  // among them; empty when not read (a CIB file, or outside a cluster).
  std::map<std::string, NfsdTimes> cluster_nfsd_times;
  std::vector<std::string> notes;  // "could not read ..."

  // Whether anything at all was read (else hanfs-check exits 2).
  bool anything_read() const { return etab_read || lvs_read || dm_read || !mounts.empty(); }
  // nullopt when unknown here (not mounted on this node, or blkid failed).
  std::optional<bool> has_uuid(const std::string& directory) const;
};

// Reads this node. `directories`: the exported directories whose
// filesystem's UUID matters (exports without an fsid); the etab's own
// entries without an fsid are added.
NodeState read_node_state(const Host& host, const Deadline& deadline, const std::vector<std::string>& directories);

}  // namespace hanfs::check
