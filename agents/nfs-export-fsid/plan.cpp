// make_plan and check_tables: reads only; blkid -p probes but never writes.
#include "agents/nfs-export-fsid/plan.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/nfs/filesystem_identity.h"
#include "common/nfs/nfs_server.h"
#include "common/ocf/log.h"
#include "common/core/text.h"
#include "common/sys/bounded_fs.h"
#include "common/sys/mounts.h"
#include "common/sys/program_path.h"

namespace hanfs::nfs_export_fsid {

namespace {

// In a child task (bounded_fs.h): the directory is on the shared storage.
Result<std::string> resolve_directory(const std::string& dir, const Deadline& deadline) {
  auto l = bounded_lookup(dir, deadline);
  if (!l) return fail(l.error());
  if (!l->found())
    return fail(OcfStatus::err_configured, "directory " + dir + " does not exist (" + std::strerror(l->error) + ")");
  if (!l->is_directory()) return fail(OcfStatus::err_configured, dir + " is not a directory");
  return l->resolved;
}

}  // namespace

Result<Plan> make_plan(const ActionContext& c) {
  auto config = parse_config(c.params).strict();
  if (!config) return fail(config.error());
  if (!find_program("exportfs"))
    return fail(OcfStatus::err_installed, "exportfs not found in PATH: install nfs-kernel-server (nfs-utils)");
  Plan plan{std::move(*config), {}};
  const auto mounts = read_mounts(c.host);
  std::map<std::pair<int, int>, std::optional<Uuid>> uuids;  // per filesystem, one blkid each
  for (std::size_t i = 0; i < plan.config.directories.size(); ++i) {
    auto dir = resolve_directory(plan.config.directories[i], c.deadline);
    if (!dir) return fail(dir.error());
    const MountEntry* mount = mount_holding(mounts, *dir);
    if (mount && mount->mount_point == "/")
      log_warn("%s is on the root filesystem, not on shared storage: other nodes will not see its data",
               dir->c_str());
    DirectoryExport e{*dir, {}, {}};
    if (plan.config.fsid) {
      e.fsid = configured_fsid(*plan.config.fsid, i);
    } else {
      if (!mount) return fail(OcfStatus::err_generic, "no mount holds " + *dir + " in /proc/self/mountinfo");
      const auto key = std::make_pair(mount->major, mount->minor);
      auto it = uuids.find(key);
      if (it == uuids.end()) {
        auto uuid = filesystem_uuid(c.host, *mount, c.deadline);
        if (!uuid) return fail(uuid.error());
        it = uuids.emplace(key, *uuid).first;
      }
      if (!it->second)
        return fail(OcfStatus::err_configured, "cannot derive an fsid for " + *dir + ": its filesystem (" +
                                                   mount->fs_type + " on " + mount->mount_point +
                                                   ") has no UUID; set the fsid parameter");
      e.fsid = derived_fsid(*it->second, path_inside_filesystem(*mount, *dir));
      log_debug("%s: fsid %s derived from filesystem %s, path %s", dir->c_str(), e.fsid.text().c_str(),
                format_uuid(*it->second).c_str(), path_inside_filesystem(*mount, *dir).c_str());
    }
    plan.exports.push_back(std::move(e));
  }
  if (auto distinct = check_distinct_fsids(plan.exports); !distinct) return fail(distinct.error());
  return plan;
}

Result<void> check_tables(const Host& host, const std::vector<DirectoryExport>& exports) {
  const NfsPaths paths(host);
  auto etab = read_export_table(host);
  if (!etab) return fail(etab.error());
  if (auto r = check_fsids_unused(exports, *etab, "the export table " + paths.etab); !r) return r;
  std::vector<std::string> where;
  auto configured = read_configured_exports(host, &where);
  if (!configured) return fail(configured.error());
  return check_fsids_unused(exports, *configured, paths.exports, &where);
}

std::set<std::string> configured_directory_names(const Config& config, const Host& host, const Deadline& deadline,
                                                 bool ask_storage) {
  std::set<std::string> names;
  const auto mounts = read_mounts(host);
  for (const auto& d : config.directories) {
    names.insert(d);
    names.insert(resolve_through_root_filesystem(mounts, d));
  }
  if (!ask_storage || config.directories.empty()) return names;
  // realpath on the service's storage, for a symlink inside it: in a child
  // task with a short budget of its own, so frozen storage costs this action
  // at most a second (start recorded the resolved names it exported anyway).
  const auto budget = std::min(deadline.remaining() / 4, std::chrono::milliseconds(1000));
  auto resolved = run_bounded_fs(
      config.directories.front(),
      [&config] {
        std::string lines;
        char buf[PATH_MAX];
        for (const auto& d : config.directories)
          if (::realpath(d.c_str(), buf)) lines += std::string(buf) + "\n";
        return lines;
      },
      Deadline(budget));
  if (!resolved) {
    log_warn("%s: matching the configured directories as written", resolved.error().reason.c_str());
    return names;
  }
  for (const auto& line : text::lines(*resolved)) names.insert(std::string(line));
  return names;
}

// Our (directory, client) pairs in the table: the configured directories and
// clients, and whatever start recorded.
std::vector<const ExportEntry*> our_entries(const Config& config, const std::set<std::string>& directory_names,
                                            const std::vector<DirectoryExport>& recorded,
                                            const std::vector<ExportEntry>& etab) {
  std::set<std::pair<std::string, std::string>> recorded_pairs;
  for (const auto& r : recorded)
    for (const auto& client : r.table_clients) recorded_pairs.emplace(r.directory, client);
  std::vector<const ExportEntry*> ours;
  for (const auto& e : etab) {
    bool mine = recorded_pairs.contains({e.path, e.client});
    if (!mine && directory_names.contains(e.path))
      for (const auto& spec : config.clients) mine = mine || same_client(spec, e.client);
    if (mine) ours.push_back(&e);
  }
  return ours;
}

}  // namespace hanfs::nfs_export_fsid
