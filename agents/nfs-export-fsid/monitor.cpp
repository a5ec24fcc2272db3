// monitor: depth 0 reads the export table (no fork) and checks every
// (directory, client) pair and its fsid against what start recorded in
// HA_RSCTMP (cleared at boot: an etab that survived a reboot is not
// "running"); depth 10 stats every directory within the deadline and reads
// the first block of the device under each, past the cache; depth 20
// asks the running server (nfsd threads, mountd's export list).
#include <algorithm>

#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/config.h"
#include "agents/nfs-export-fsid/directory_exports.h"
#include "agents/nfs-export-fsid/instance.h"
#include "agents/nfs-export-fsid/plan.h"
#include "common/ocf/log.h"
#include "common/nfs/nfs_server.h"
#include "agents/nfs-export-fsid/rmtab.h"
#include "common/storage/block_read.h"
#include "common/storage/device_mapper.h"
#include "common/sys/command.h"
#include "common/sys/mounts.h"
#include "common/sys/text_file.h"
#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

namespace {

// One `stat` for all directories: a hung filesystem hangs that process,
// which the deadline kills, never the agent.
Outcome directories_answer(const Host& host, const std::vector<DirectoryExport>& exports, const Deadline& deadline) {
  std::vector<std::string> argv{"stat", "--format=%n", "--"};
  for (const auto& e : exports) argv.push_back(e.directory);
  auto r = host.run(argv, deadline, {});
  if (!r.ok()) return outcome(OcfStatus::err_generic, "the exported directories do not answer: " + r.describe_with_stderr());
  return Outcome::success();
}

// The device node of block device "M:m": /dev/<DEVNAME> from sysfs, which
// devtmpfs creates; /dev/block/M:m is a udev link a node may not have.
std::string device_node(const Host& host, const std::string& number) {
  if (auto uevent = read_text_file(host.sys + "/dev/block/" + number + "/uevent"))
    for (const auto& line : text::lines(*uevent))
      if (line.starts_with("DEVNAME=")) return host.dev + "/" + line.substr(8);
  return host.dev + "/block/" + number;
}

// A stat is answered from the inode cache even when the storage below is
// frozen: the block device holding each directory must answer a read past
// the page cache (O_DIRECT, in a child the deadline abandons). A suspended
// dm device is reported without trying: the read would only hang. A mount
// with major 0 (NFS, tmpfs, overlay) has no block device: the stat above is
// all there is for it.
Outcome storage_answers(const Host& host, const std::vector<DirectoryExport>& exports, const Deadline& deadline) {
  const auto mounts = read_mounts(host);
  const auto dm = list_dm_devices(host);
  std::vector<BlockDevice> reads;
  for (const auto& e : exports) {
    const auto mount = mount_holding_directory(mounts, e.directory);
    if (!mount || mount->major == 0) continue;
    const std::string number = devnum(mount->major, mount->minor);
    const std::string label = "the device " + number + " holding " + e.directory;
    std::string node_path = device_node(host, number);
    for (const auto& d : dm)
      if (d.major == mount->major && d.minor == mount->minor) {
        if (d.suspended)
          return outcome(OcfStatus::err_generic, label + " (" + d.kernel_name + ") is suspended: I/O would hang");
        node_path = host.dev + "/" + d.kernel_name;
      }
    if (std::none_of(reads.begin(), reads.end(), [&](const BlockDevice& b) { return b.path == node_path; }))
      reads.push_back({label, node_path});
  }
  if (auto r = read_first_blocks(reads, deadline); !r) return r.error();
  return Outcome::success();
}

Outcome server_answers(const Host& host, const std::vector<DirectoryExport>& exports, const Deadline& deadline) {
  if (nfsd_threads(host) == 0) return outcome(OcfStatus::err_generic, "the NFS server is not running (no nfsd threads)");
  auto r = host.run({"showmount", "--no-headers", "-e", "127.0.0.1"}, deadline, {});
  if (!r.ok()) return outcome(OcfStatus::err_generic, "mountd does not answer: " + r.describe_with_stderr());
  const auto lines = text::lines(r.out);
  for (const auto& e : exports) {
    bool listed = false;
    for (const auto& line : lines) listed = listed || (line.starts_with(e.directory + " "));
    if (!listed) return outcome(OcfStatus::err_generic, "mountd does not list " + e.directory + " among its exports");
  }
  return Outcome::success();
}

// No state file (none since boot, a start killed before it wrote one, or
// HA_RSCTMP lost): the export table says. Entries of ours by the
// configuration (the values that parsed: what stop removes) → 1 naming
// them, so that Pacemaker stops them here before it starts the resource
// anywhere; an etab that outlived a reboot counts too, as mountd serves it
// again once nfsd runs. None: 7.
Outcome without_state(const ActionContext& c) {
  const auto parsed = parse_config(c.params);
  for (const auto& p : parsed.problems) log_warn("%s (start refuses it)", p.reason.c_str());
  auto etab = read_export_table(c.host);
  if (!etab) return outcome(OcfStatus::err_generic, "cannot tell what is exported: " + etab.error().reason);
  const auto ours = our_entries(parsed.value, configured_directory_names(parsed.value, c.host, c.deadline, true), {}, *etab);
  if (ours.empty()) return outcome(OcfStatus::not_running, "not started on this node since boot, and not exported");
  return outcome(OcfStatus::err_generic,
                 "exported on this node (" + export_target(ours[0]->client, ours[0]->path) +
                     (ours.size() > 1 ? " and " + std::to_string(ours.size() - 1) + " more" : "") +
                     " in etab), but this resource has no record of exporting it (state file lost or start "
                     "interrupted): stop unexports it");
}

}  // namespace

Outcome monitor(const ActionContext& c) {
  remove_transient_exports(c);
  auto values = instance_state(c).read();
  if (!values) {
    if (values.error().status == OcfStatus::not_running) return without_state(c);
    return values.error();
  }
  auto recorded = decode_exports(*values);
  if (!recorded) return recorded.error();
  // Only this resource's lines of the table are parsed: the monitor's cost
  // stays flat with thousands of other exports.
  std::vector<std::string> directories;
  for (const auto& e : *recorded) directories.push_back(e.directory);
  auto etab = read_export_table(c.host, &directories);
  if (!etab) return etab.error();
  const ExportCheck check = check_export_table(*recorded, *etab);
  if (check.total > 0 && check.nothing() && check.wrong_fsid.empty()) return outcome(OcfStatus::not_running, "not exported");
  if (!check.complete()) return outcome(OcfStatus::err_generic, "partially exported: " + check.describe());

  if (c.check_level >= 10)
    for (auto answers : {directories_answer, storage_answers})
      if (auto o = answers(c.host, *recorded, c.deadline); !o.ok()) return o;
  if (c.check_level >= 20)
    if (auto o = server_answers(c.host, *recorded, c.deadline); !o.ok()) return o;

  auto config = parse_config(c.params).strict();
  if (config && !config->rmtab_backup.empty())
    if (auto b = backup_rmtab(c, directories, config->rmtab_backup, true); !b) return b.error();
  return Outcome::success();
}

}  // namespace hanfs::nfs_export_fsid
