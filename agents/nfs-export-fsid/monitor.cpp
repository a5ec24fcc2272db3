// monitor: depth 0 reads the export table (no fork) and checks every
// (directory, client) pair and its fsid against what start recorded in
// HA_RSCTMP (cleared at boot: an etab that survived a reboot is not
// "running"); depth 10 stats every directory within the deadline; depth 20
// asks the running server (nfsd threads, mountd's export list).
#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/config.h"
#include "agents/nfs-export-fsid/directory_exports.h"
#include "agents/nfs-export-fsid/instance.h"
#include "common/ocf/log.h"
#include "common/nfs/nfs_server.h"
#include "agents/nfs-export-fsid/rmtab.h"
#include "common/sys/command.h"
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

}  // namespace

Outcome monitor(const ActionContext& c) {
  auto values = instance_state(c).read();
  if (!values) {
    if (values.error().status == OcfStatus::not_running) return outcome(OcfStatus::not_running, "not started on this node since boot");
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
    if (auto o = directories_answer(c.host, *recorded, c.deadline); !o.ok()) return o;
  if (c.check_level >= 20)
    if (auto o = server_answers(c.host, *recorded, c.deadline); !o.ok()) return o;

  auto config = parse_config(c.params).strict();
  if (config && !config->rmtab_backup.empty())
    for (const auto& e : *recorded) backup_rmtab(c.host, e.directory, config->rmtab_backup);
  return Outcome::success();
}

}  // namespace hanfs::nfs_export_fsid
