#include "tools/hanfs-check/node_state.h"

#include <set>

#include "common/core/text.h"
#include "common/nfs/filesystem_identity.h"
#include "common/nfs/nfs_server.h"
#include "common/sys/text_file.h"

namespace hanfs::check {

namespace {

std::optional<long long> read_seconds(const std::string& path) {
  const auto line = read_first_line(path);
  if (!line) return std::nullopt;
  const auto n = text::parse_int(*line);
  if (!n) return std::nullopt;
  return *n;
}

}  // namespace

std::optional<bool> NodeState::has_uuid(const std::string& directory) const {
  const auto it = filesystem_uuid.find(directory);
  if (it == filesystem_uuid.end()) return std::nullopt;
  return it->second.has_value();
}

NodeState read_node_state(const Host& host, const Deadline& deadline, const std::vector<std::string>& directories) {
  NodeState state;
  if (auto etab = read_export_table(host)) {
    state.etab = std::move(*etab);
    state.etab_read = true;
  } else {
    state.notes.push_back("could not read the export table: " + etab.error().reason);
  }
  if (auto files = read_configured_exports(host, nullptr)) state.exports_files = std::move(*files);
  else state.notes.push_back("could not read /etc/exports: " + files.error().reason);

  // LVM can hang on a PV that does not answer: within the deadline, and the
  // rest is still reported.
  if (auto lvs = Lvm(host, deadline).lvs()) {
    state.lvs = std::move(*lvs);
    state.lvs_read = true;
  } else {
    state.notes.push_back("could not read the LVs (lvs): " + lvs.error().reason);
  }
  if (auto dm = read_dm_devices(host)) {
    state.dm_devices = std::move(*dm);
    state.dm_read = true;
  } else {
    state.notes.push_back("could not read the device-mapper devices: " + dm.error().reason);
  }

  state.mounts = read_mounts(host);
  if (state.mounts.empty()) state.notes.push_back("could not read the mount table");
  std::set<std::string> asked(directories.begin(), directories.end());
  for (const auto& e : state.etab)
    if (!entry_fsid(e)) asked.insert(e.path);
  for (const auto& dir : asked) {
    const auto mount = mount_holding_directory(state.mounts, dir);
    // On the root filesystem: the service's filesystem is not mounted on
    // this node (a passive node), so its UUID is not known here; an etab
    // entry there is exported from / itself.
    if (!mount) continue;
    bool exported_here = false;
    for (const auto& e : state.etab) exported_here = exported_here || e.path == dir;
    if (on_root_filesystem(state.mounts, *mount) && !exported_here) continue;
    if (deadline.expired()) {
      state.notes.push_back("no time left to ask blkid about " + dir);
      continue;
    }
    auto uuid = filesystem_uuid(host, *mount, deadline);
    if (!uuid) {
      state.notes.push_back("could not read the UUID of the filesystem of " + dir + ": " + uuid.error().reason);
      continue;
    }
    state.filesystem_uuid[dir] = *uuid;
  }
  const NfsPaths paths(host);
  state.nfsd_times.lease = read_seconds(paths.lease_time);
  state.nfsd_times.grace = read_seconds(host.proc + "/fs/nfsd/nfsv4gracetime");
  return state;
}

}  // namespace hanfs::check
