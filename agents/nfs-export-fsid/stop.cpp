// stop: back up rmtab, unexport every pair in one exportfs call, release the
// filesystem's locks when no other export of it remains, optionally wait
// out the NFSv4 lease, and wait (bounded by the deadline) until the kernel's
// export cache no longer holds our fsids. Not exported: 0, also with a
// missing directory or a broken configuration.
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <set>
#include <thread>

#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/config.h"
#include "agents/nfs-export-fsid/directory_exports.h"
#include "agents/nfs-export-fsid/instance.h"
#include "agents/nfs-export-fsid/plan.h"
#include "common/nfs/filesystem_identity.h"
#include "common/ocf/log.h"
#include "common/sys/bounded_fs.h"
#include "common/nfs/nfs_server.h"
#include "agents/nfs-export-fsid/rmtab.h"

namespace hanfs::nfs_export_fsid {

namespace {

using namespace std::chrono_literals;

void release_locks(const Host& host, const std::set<std::string>& directories, const std::vector<ExportEntry>& remaining) {
  const auto mounts = read_mounts(host);
  auto filesystem_of = [&mounts](const std::string& path) -> std::pair<int, int> {
    const MountEntry* m = mount_holding(mounts, path);
    return m ? std::make_pair(m->major, m->minor) : std::make_pair(-1, -1);
  };
  std::set<std::pair<int, int>> unlocked;
  for (const auto& dir : directories) {
    const auto fs = filesystem_of(dir);
    if (unlocked.contains(fs)) continue;
    const ExportEntry* other = nullptr;
    for (const auto& e : remaining)
      if (filesystem_of(e.path) == fs) { other = &e; break; }
    if (other) {
      // The kernel releases a whole filesystem's locks: doing it now would
      // take them from the clients of the export that stays.
      log_info("not releasing NFS locks on the filesystem of %s: %s is still exported from it", dir.c_str(),
               other->path.c_str());
      continue;
    }
    if (auto r = unlock_filesystem(host, dir); !r) log_warn("%s", r.error().reason.c_str());
    else log_info("released NFS locks on the filesystem of %s", dir.c_str());
    unlocked.insert(fs);
  }
}

void wait_for_lease(const Host& host, const Deadline& deadline) {
  const auto lease = nfsv4_lease_seconds(host);
  if (!lease) {
    log_warn("cannot read the NFSv4 lease time: not waiting for it");
    return;
  }
  auto wait = std::chrono::milliseconds((*lease + 2) * 1000);
  const auto room = deadline.remaining() > 2s ? deadline.remaining() - 2s : 0ms;
  if (wait > room) {
    log_warn("waiting %lld ms instead of the lease time + 2 s: the stop timeout leaves no more",
             static_cast<long long>(room.count()));
    wait = room;
  }
  log_info("waiting %lld ms for NFSv4 leases to expire", static_cast<long long>(wait.count()));
  std::this_thread::sleep_for(wait);
}

// Flushes the kernel's export cache until no valid entry carries one of `fsids`.
Result<void> wait_for_export_cache(const Host& host, const std::vector<Fsid>& fsids, const Deadline& deadline) {
  if (fsids.empty()) return {};
  for (int attempt = 1;; ++attempt) {
    auto cache = read_export_cache(host);
    if (!cache) return fail(cache.error());
    const ExportEntry* held = nullptr;
    for (const auto& e : *cache) {
      const auto f = entry_fsid(e);
      for (const auto& ours : fsids)
        if (f && *f == ours) held = &e;
      if (held) break;
    }
    if (!held) return {};
    if (deadline.remaining() < 600ms)
      return fail(OcfStatus::err_generic, "the kernel's export cache still holds " + held->path + " (fsid " +
                                              entry_fsid(*held)->text() + ") after " + std::to_string(attempt - 1) +
                                              " flushes: stop timed out");
    log_info("flushing the kernel's export cache (it holds %s, try %d)", held->path.c_str(), attempt);
    if (auto f = exportfs_flush(host, deadline); !f) log_warn("%s", f.error().reason.c_str());
    std::this_thread::sleep_for(attempt == 1 ? 50ms : 500ms);
  }
}

}  // namespace

Outcome stop(const ActionContext& c) {
  // What start would have acted on: the values that parse (a broken
  // configuration must not keep stop from unexporting what start exported).
  const auto parsed = parse_config(c.params);
  const Config& config = parsed.for_stop();
  const StateFile state = instance_state(c);
  std::vector<DirectoryExport> recorded;
  if (auto values = state.read()) {
    if (auto decoded = decode_exports(*values)) recorded = std::move(*decoded);
  }
  // A transient exports.d file left by a start that was killed mid-way.
  remove_transient_exports(c);
  auto etab = read_export_table(c.host);
  if (!etab) return etab.error();
  // The recorded pairs name what start exported, resolved: the storage is
  // asked only without them.
  const auto names = configured_directory_names(config, c.host, c.deadline, recorded.empty());
  const auto ours = our_entries(config, names, recorded, *etab);

  std::vector<Fsid> fsids;
  std::set<std::string> directories;
  std::vector<std::string> targets;
  for (const auto& r : recorded) fsids.push_back(r.fsid);
  for (const auto* e : ours) {
    if (auto f = entry_fsid(*e)) fsids.push_back(*f);
    directories.insert(e->path);
    targets.push_back(export_target(e->client, e->path));
  }

  if (!targets.empty()) {
    if (!config.rmtab_backup.empty())
      if (auto b = backup_rmtab(c, {directories.begin(), directories.end()}, config.rmtab_backup, false); !b)
        return b.error();
    auto r = exportfs_unexport(c.host, targets, c.deadline);
    auto after = read_export_table(c.host);
    if (!after) return after.error();
    const auto left = our_entries(config, names, recorded, *after);
    if (!left.empty())
      return outcome(OcfStatus::err_generic,
                     "still exported after exportfs -u: " + export_target(left[0]->client, left[0]->path) +
                         (left.size() > 1 ? " (and " + std::to_string(left.size() - 1) + " more)" : "") +
                         (r ? std::string() : "; " + r.error().reason));
    if (!r) log_debug("exportfs -u: %s", r.error().reason.c_str());
    // In a service's own server (service=) its nfs-server releases the
    // locks after its threads: released here, before, lockd would drop the
    // NFSv3 clients at its shutdown and statd delete their records from the
    // service's filesystem, and the next node would notify nobody.
    if (config.unlock_on_stop && config.service.empty()) release_locks(c.host, directories, *after);
    if (config.wait_for_leasetime_on_stop) wait_for_lease(c.host, c.deadline);
    log_info("unexported %zu export(s)", targets.size());
  } else {
    log_info("not exported");
  }
  if (auto w = wait_for_export_cache(c.host, fsids, c.deadline); !w) return w.error();
  forget_rmtab_backups(c);
  if (auto r = state.remove(); !r) return r.error();
  return Outcome::success();
}

}  // namespace hanfs::nfs_export_fsid
