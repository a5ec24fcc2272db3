// start: validate, refuse an fsid in use, export every directory to every
// client (one exportfs call per directory: exportfs takes one option set per
// call and each directory has its own fsid), check the export table, record
// what the table holds for monitor and stop, restore the rmtab backup.
#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/instance.h"
#include "agents/nfs-export-fsid/plan.h"
#include "common/sys/file_lock.h"
#include "common/ocf/log.h"
#include "common/nfs/nfs_server.h"
#include "agents/nfs-export-fsid/rmtab.h"
#include "common/sys/command.h"
#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

namespace {

// Other names exportfs may have written for a host: its canonical name and
// addresses (`getent ahosts`, within the deadline).
std::vector<std::string> host_aliases(const Host& host, const ClientSpec& spec, const Deadline& deadline) {
  std::vector<std::string> names;
  if (spec.kind != ClientSpec::Kind::host) return names;
  auto r = host.run({"getent", "ahosts", spec.text}, deadline, {});
  if (!r.ok()) return names;
  for (const auto& line : text::lines(r.out)) {
    auto words = text::split_words(line);
    if (words.empty()) continue;
    names.push_back(words[0]);
    if (words.size() >= 3) names.push_back(words[2]);
  }
  return names;
}

bool same_plan(const std::vector<DirectoryExport>& recorded, const std::vector<DirectoryExport>& planned) {
  if (recorded.size() != planned.size()) return false;
  for (std::size_t i = 0; i < planned.size(); ++i)
    if (recorded[i].directory != planned[i].directory || !(recorded[i].fsid == planned[i].fsid)) return false;
  return true;
}

}  // namespace

Outcome start(const ActionContext& c) {
  auto plan = make_plan(c);
  if (!plan) return plan.error();
  auto lock = FileLock::acquire(lock_path(c), c.deadline);
  if (!lock) return lock.error();
  remove_every_transient_exports(c);
  if (auto tables = check_tables(c.host, plan->exports); !tables) return tables.error();

  const StateFile state = instance_state(c);
  if (auto values = state.read()) {
    auto recorded = decode_exports(*values);
    auto etab = read_export_table(c.host);
    if (recorded && etab && same_plan(*recorded, plan->exports) && check_export_table(*recorded, *etab).complete()) {
      log_info("already exported");
      return Outcome::success();
    }
  }

  // One exportfs call: `exportfs -o` for one directory; for several (each
  // with its own fsid, and exportfs takes one option set per call) a
  // transient exports.d file and `exportfs -a`. In a service's namespaces
  // (service=) `exportfs -a` would export the node's /etc/exports there
  // too: one `exportfs -o` per directory instead.
  const bool root = plan->config.fsid && plan->config.fsid->root;
  const auto export_one = [&](const DirectoryExport& e) {
    std::vector<std::string> targets;
    for (const auto& client : plan->config.clients) targets.push_back(client.text + ":" + e.directory);
    return exportfs_export(c.host, export_options(plan->config, e.fsid, root), targets, c.deadline);
  };
  Result<void> exported;
  if (plan->exports.size() == 1 || !plan->config.service.empty()) {
    for (const auto& e : plan->exports)
      if (!(exported = export_one(e))) break;
  } else {
    std::vector<ExportRequest> requests;
    for (const auto& e : plan->exports)
      for (const auto& client : plan->config.clients)
        requests.push_back({e.directory, client.table_name, export_options(plan->config, e.fsid, root)});
    exported = exportfs_export_batch(c.host, requests, transient_exports_name(c), c.deadline);
  }
  if (!exported && exported.error().status == OcfStatus::err_installed) return exported.error();
  const Outcome exportfs_problem = exported ? Outcome::success() : exported.error();

  // exportfs exits 0 on some failures (and 1 on some successes): the table says.
  auto etab = read_export_table(c.host);
  if (!etab) return etab.error();
  std::vector<std::vector<std::string>> aliases(plan->config.clients.size());
  bool aliases_looked_up = false;
  std::vector<std::string> missing;
  for (auto& e : plan->exports) {
    std::vector<ExportEntry> mine;
    for (const auto& entry : *etab)
      if (entry.path == e.directory && entry_fsid(entry) == std::optional<Fsid>(e.fsid)) mine.push_back(entry);
    std::vector<std::string> unmatched;
    e.table_clients = table_clients(plan->config.clients, aliases, mine, &unmatched);
    if (!unmatched.empty() && !aliases_looked_up) {
      for (std::size_t i = 0; i < plan->config.clients.size(); ++i)
        aliases[i] = host_aliases(c.host, plan->config.clients[i], c.deadline);
      aliases_looked_up = true;
      unmatched.clear();
      e.table_clients = table_clients(plan->config.clients, aliases, mine, &unmatched);
    }
    for (const auto& u : unmatched) missing.push_back(u + ":" + e.directory);
  }
  if (!missing.empty()) {
    std::string reason = "export table lacks " + std::to_string(missing.size()) + " export(s) after exportfs: " + missing[0];
    if (missing.size() > 1) reason += " (and " + std::to_string(missing.size() - 1) + " more)";
    if (!exportfs_problem.ok()) reason += "; " + exportfs_problem.reason;
    return outcome(OcfStatus::err_generic, reason);
  }
  if (!exportfs_problem.ok()) log_warn("exportfs complained, but the table is complete: %s", exportfs_problem.reason.c_str());

  forget_rmtab_backups(c);
  if (auto w = state.write(encode_exports(plan->exports)); !w) return w.error();
  if (!plan->config.rmtab_backup.empty())
    for (const auto& e : plan->exports)
      if (auto r = restore_rmtab(c.host, e.directory, plan->config.rmtab_backup, c.deadline); !r) return r.error();
  log_info("exported %zu director%s to %zu client(s)", plan->exports.size(), plan->exports.size() == 1 ? "y" : "ies",
           plan->config.clients.size());
  return Outcome::success();
}

}  // namespace hanfs::nfs_export_fsid
