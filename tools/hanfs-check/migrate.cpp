// Why one disable, one CIB push, one enable: Pacemaker cannot change a
// resource's agent in place, so each old resource is deleted and a new one
// created. Done live, the deleted resources would be stopped as orphans
// with no order against the new ones' starts: exportfs's stop could
// unexport after nfs-export-fsid exported the same directory, LVM-activate's
// stop deactivate the VG under the mounted filesystem. So the group is first
// stopped cleanly, in its own order (clients with hard mounts wait, as in a
// failover, and keep their handles); the whole replacement is built in a
// copy of the CIB (`pcs -f`) and pushed as one change while the group is
// still disabled; then the group starts, in order, on the new agents, with
// the same fsids.
#include "tools/hanfs-check/migrate.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "common/core/text.h"
#include "common/nfs/service_server.h"
#include "tools/hanfs-check/risks.h"

namespace hanfs::check {

namespace {

struct NewResource {
  std::string id;
  std::string agent;                                      // "ocf:hanfs:..."
  std::vector<std::pair<std::string, std::string>> params;  // in the order printed
};

struct Slot {
  std::string id;                        // what stands there after the migration
  std::optional<NewResource> created;    // nullopt: kept as it is
};

void copy_param(const Primitive& from, std::string_view name, std::string_view as, NewResource& to) {
  if (auto v = from.attribute(std::string(name))) to.params.emplace_back(std::string(as), *v);
}

std::string device_of(const ClusterConfig& config, const Primitive& p, const std::string& directory) {
  for (const auto* fs : config.members(*config.group(p.group)))
    if (fs->is(agent::filesystem))
      if (auto dir = fs->attribute("directory"); dir && path_under(directory, *dir))
        return fs->attribute("device").value_or("");
  return {};
}

std::string address_of(const ClusterConfig& config, const Group& g) {
  for (const auto* m : config.members(g))
    if (is_address(*m))
      if (auto ip = m->attribute("ip")) return *ip;
  return {};
}

std::string service_dir(const ClusterConfig& config, const Primitive& p) {
  const auto fs = service_filesystems(config, p);
  return fs.empty() ? std::string("<the service's filesystem>") : fs.front();
}

// The service's name (its NFSv4 server scope): nfsserver's when it has
// one nfs-server can take, else the group's.
std::string service_name(const Primitive& nfsserver, const std::string& group) {
  if (auto scope = nfsserver.attribute("nfs_server_scope"); scope && valid_server_scope(*scope)) return *scope;
  return valid_server_scope(group) ? group : "nfs-service";
}

std::string create_command(const std::string& file, const NewResource& r, const std::string& group,
                           const std::string& position) {
  std::string line = "pcs -f " + shell_word(file) + " resource create " + shell_word(r.id) + " " + r.agent;
  // A value read from the node when the commands run ("$fsid_x") is
  // double-quoted so that the shell expands it; everything else is literal.
  for (const auto& [k, v] : r.params)
    line += " " + (v.starts_with("$") ? "\"" + k + "=" + v + "\"" : shell_word(k + "=" + v));
  line += " --group " + shell_word(group);
  if (!position.empty()) line += " " + position;
  return line;
}

}  // namespace

std::string shell_word(std::string_view word) {
  bool plain = !word.empty();
  for (char c : word)
    plain = plain && (text::is_name_char(c) || c == '/' || c == ':' || c == '=' || c == ',' || c == '@' ||
                      c == '+' || c == '%');
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Result<std::vector<std::string>> plan_migration(const ClusterConfig& config, std::string_view group_id,
                                                const NodeState* node) {
  const Group* group = config.group(group_id);
  if (!group) return fail(OcfStatus::err_configured, "no group '" + text::one_line(group_id) + "' in the CIB");
  const std::string g = group->id;
  const auto members = config.members(*group);
  // With nfsserver in the group, the service gets a server of its own
  // (nfs-server, its address by nfs-address) and every member works in it.
  const auto server_it = std::find_if(members.begin(), members.end(),
                                      [](const Primitive* m) { return m->is(agent::nfsserver); });
  const Primitive* nfsserver = server_it == members.end() ? nullptr : *server_it;
  const std::string service = nfsserver ? service_name(*nfsserver, g) : "";
  std::vector<std::string> out{
      "# hanfs-check --migrate " + g + ": replaces resource-agents' LVM-activate, exportfs, nfsnotify" +
          std::string(nfsserver ? ", nfsserver and IPaddr2" : " and nfsserver"),
      "# in group " + g + " with ocf:hanfs:lvm-persistent, nfs-export-fsid, nfs-notify" +
          std::string(nfsserver ? ", nfs-server and nfs-address." : "."),
      "# The parameters map as in docs/admin-guide.md, section 6 \"Migrating from resource-agents\".",
      "# The group stops once (clients wait, as in a failover), is rebuilt in one CIB change, and starts again."};
  std::vector<std::string> notes, prepare;
  std::vector<Slot> slots;
  std::vector<std::string> deleted;
  std::optional<Slot> address;  // nfs-address: after the last export
  std::map<std::string, std::size_t> merged;
  std::uint64_t free_fsid = 1;  // above every numeric fsid of the CIB
  for (const auto& e : resource_exports(config))
    if (e.fsid && e.fsid->kind == Fsid::Kind::number) free_fsid = std::max<std::uint64_t>(free_fsid, e.fsid->number + 1ull);  // "directory|fsid|options" -> slot of the export taking it

  for (const auto* m : members) {
    NewResource r{m->id, "", {}};
    if (m->is(agent::lvm_activate) || m->is(agent::lvm_old)) {
      const std::string mode = m->attribute("vg_access_mode").value_or("");
      if (mode == "lvmlockd" || mode == "clvmd")
        return fail(OcfStatus::err_configured, m->id + " uses vg_access_mode=" + mode +
                                                   ": a shared VG, which lvm-persistent does not manage (the VG "
                                                   "belongs to one node)");
      r.agent = "ocf:hanfs:lvm-persistent";
      copy_param(*m, "vgname", "vgname", r);
      if (m->is(agent::lvm_old) && !m->attribute("vgname")) copy_param(*m, "volgrpname", "vgname", r);
      copy_param(*m, "lvname", "lvname", r);
      r.params.emplace_back("vg_access_mode", mode.empty() ? "system_id" : mode);
      copy_param(*m, "tag", "tag", r);
      copy_param(*m, "partial_activation", "partial_activation", r);
      copy_param(*m, "degraded_activation", "degraded_activation", r);
      copy_param(*m, "majoritypvs", "majority_pvs", r);
      notes.push_back("# " + m->id + ": each LV gets a persistent minor from 10000-10999 at its first start.");
    } else if (m->is(agent::exportfs)) {
      r.agent = "ocf:hanfs:nfs-export-fsid";
      const std::string dir = m->attribute("directory").value_or("");
      std::string options, fsid = m->attribute("fsid").value_or("");
      for (const auto& o : text::split(m->attribute("options").value_or(""), ',')) {
        if (o.starts_with("fsid=")) {
          if (fsid.empty()) fsid = o.substr(5);
        } else if (!o.empty()) {
          options += (options.empty() ? "" : ",") + o;
        }
      }
      if (fsid.empty()) {
        // Without fsid= the server bases the handles on the filesystem's
        // UUID when it has one: giving that UUID as the fsid keeps them.
        const auto known = node ? node->filesystem_uuid.find(dir) : decltype(node->filesystem_uuid)::const_iterator{};
        if (node && known != node->filesystem_uuid.end() && known->second) {
          fsid = format_uuid(*known->second);
          notes.push_back("# " + m->id + " has no fsid: the handles clients hold are based on the UUID of the "
                          "filesystem of " + dir + ", " + fsid + " (read on this node), kept as its fsid.");
        } else if (node && known != node->filesystem_uuid.end()) {
          fsid = std::to_string(free_fsid++);
          notes.push_back("# " + m->id + " has no fsid and the filesystem of " + dir + " has no UUID: the handles "
                          "clients hold are based on its device number, so this migration is the one moment they get "
                          "'Stale NFS file handle' (ESTALE); fsid=" + fsid + " keeps them stable from then on.");
        } else {
          // Read on the node that has the filesystem, before the group stops.
          const std::string device = device_of(config, *m, dir);
          std::string var = "fsid_";
          for (char c : m->id) var += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
          if (device.empty()) {
            fsid = "<UUID of the filesystem of " + dir + ">";
          } else {
            prepare.push_back(var + "=$(blkid -p -o value -s UUID " + shell_word(device) + ")");
            fsid = "$" + var;
          }
          notes.push_back("# " + m->id + " has no fsid: the handles clients hold are based on the UUID of the "
                          "filesystem of " + dir + " when it has one (kept: fsid= that UUID), else on its device "
                          "number;");
          notes.push_back("#   then (blkid prints nothing) this migration is the one moment clients get 'Stale NFS "
                          "file handle' (ESTALE): give fsid=" + std::to_string(free_fsid) + " instead.");
        }
      }
      // Several exportfs resources of one directory (one client each) become
      // one resource: nfs-export-fsid's fsid is in a unique group.
      const std::string key = dir + "|" + fsid + "|" + options;
      if (auto it = merged.find(key); it != merged.end()) {
        auto& into = *slots[it->second].created;
        for (auto& [k, v] : into.params)
          if (k == "clientspec") v += " " + m->attribute("clientspec").value_or("");
        deleted.push_back(m->id);
        continue;
      }
      if (nfsserver) r.params.emplace_back("service", service);
      r.params.emplace_back("directory", dir);
      copy_param(*m, "clientspec", "clientspec", r);
      if (!options.empty()) r.params.emplace_back("options", options);
      r.params.emplace_back("fsid", fsid);
      copy_param(*m, "unlock_on_stop", "unlock_on_stop", r);
      copy_param(*m, "wait_for_leasetime_on_stop", "wait_for_leasetime_on_stop", r);
      copy_param(*m, "rmtab_backup", "rmtab_backup", r);
      merged[key] = slots.size();
    } else if (m->is(agent::nfsnotify)) {
      r.agent = "ocf:hanfs:nfs-notify";
      if (nfsserver) r.params.emplace_back("service", service);
      std::string source = m->attribute("source_host").value_or(address_of(config, *group));
      r.params.emplace_back("source_host", source.empty() ? "<the floating address>" : source);
      notes.push_back("# " + m->id + ": source_host " + (source.empty() ? std::string("(the floating address)") : source) +
                      " must have a host name on every node and client (/etc/hosts or DNS): sm-notify sends that name.");
      copy_param(*m, "notify_args", "notify_args", r);
      if (!nfsserver) {  // in a service its statd's list is used, in state_dir
        r.params.emplace_back("statd_dir", service_dir(config, *m) + "/.statd");
        prepare.push_back("mkdir -p " + shell_word(service_dir(config, *m) + "/.statd"));
      }
    } else if (m->is(agent::nfsserver)) {
      // Where nfsserver stood: before the exports.
      r.agent = "ocf:hanfs:nfs-server";
      r.params.emplace_back("name", service);
      // nfsserver's shared directory is laid out as /var/lib/nfs, as
      // state_dir is: its NSM list and state number stay the clients'.
      const auto infodir = m->attribute("nfs_shared_infodir");
      r.params.emplace_back("state_dir", infodir ? *infodir : service_dir(config, *m) + "/.nfs");
      const std::string ip = address_of(config, *group);
      r.params.emplace_back("ip", ip.empty() ? "<the floating address>" : ip);
      notes.push_back("# " + m->id + " (nfsserver) becomes nfs-server " + service + ": the service's own NFS server "
                      "in namespaces of its own, its state in " + r.params[1].second + " (see ocf_hanfs_nfs-server(7)).");
      if (infodir)
        notes.push_back("#   Its NSM list (" + *infodir + "/sm) is kept; on nodes with /var/lib/nfs/statd, nfsserver "
                        "kept it in " + *infodir + "/statd/sm: move those records to " + *infodir + "/sm.");
    } else if (nfsserver && is_address(*m) && !m->is(agent::nfs_address)) {
      r.agent = "ocf:hanfs:nfs-address";
      r.params.emplace_back("service", service);
      copy_param(*m, "ip", "ip", r);
      copy_param(*m, "cidr_netmask", "cidr_netmask", r);
      copy_param(*m, "nic", "nic", r);
      notes.push_back("# " + m->id + " becomes nfs-address: the address lives in the service's network namespace, "
                      "after the exports (a stop takes it away before them).");
      deleted.push_back(m->id);
      address = Slot{r.id, std::move(r)};
      continue;
    } else {
      slots.push_back(Slot{m->id, std::nullopt});
      continue;
    }
    deleted.push_back(m->id);
    slots.push_back(Slot{r.id, std::move(r)});
  }
  // The server before the first export, wherever nfsserver stood.
  const auto created_as = [](std::string_view agent_name) {
    return [agent_name](const Slot& slot) { return slot.created && slot.created->agent == agent_name; };
  };
  const auto server_slot = std::find_if(slots.begin(), slots.end(), created_as("ocf:hanfs:nfs-server"));
  const auto first_export = std::find_if(slots.begin(), slots.end(), [&](const Slot& slot) {
    return created_as("ocf:hanfs:nfs-export-fsid")(slot) ||
           (!slot.created && config.primitive(slot.id) && is_export(*config.primitive(slot.id)));
  });
  if (server_slot != slots.end() && first_export < server_slot) std::rotate(first_export, server_slot, server_slot + 1);
  if (address) {
    // After the last export (or the server), before nfs-notify.
    std::size_t at = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      const bool export_or_server =
          slots[i].created ? slots[i].created->agent == "ocf:hanfs:nfs-export-fsid" ||
                                 slots[i].created->agent == "ocf:hanfs:nfs-server"
                           : config.primitive(slots[i].id) && is_export(*config.primitive(slots[i].id));
      if (export_or_server) at = i + 1;
    }
    slots.insert(slots.begin() + static_cast<std::ptrdiff_t>(at), std::move(*address));
  }
  if (deleted.empty()) {
    out.push_back("# nothing to replace: group " + g + " holds none of LVM-activate, exportfs, nfsnotify, nfsserver");
    return out;
  }
  out.insert(out.end(), notes.begin(), notes.end());

  const std::string file = "hanfs-migrate-" + text::safe_file_name(g, text::NameUse::inside) + ".xml";
  if (!prepare.empty()) {
    out.push_back("# on the node where " + g + " runs now (the service's filesystem is mounted there):");
    out.insert(out.end(), prepare.begin(), prepare.end());
  }
  out.push_back("pcs resource disable " + shell_word(g) + " --wait");
  out.push_back("pcs cluster cib " + shell_word(file));
  for (auto it = deleted.rbegin(); it != deleted.rend(); ++it)
    out.push_back("pcs -f " + shell_word(file) + " resource delete " + shell_word(*it));
  const auto first_kept = std::find_if(slots.begin(), slots.end(), [](const Slot& s) { return !s.created; });
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i].created) continue;
    std::string position;
    if (i > 0) position = "--after " + shell_word(slots[i - 1].id);
    else if (first_kept != slots.end()) position = "--before " + shell_word(first_kept->id);
    out.push_back(create_command(file, *slots[i].created, g, position));
  }
  // Deleting every member deletes the group and its target-role with it.
  if (first_kept == slots.end()) out.push_back("pcs -f " + shell_word(file) + " resource disable " + shell_word(g));
  out.push_back("pcs cluster cib-push " + shell_word(file) + " --config");
  out.push_back("pcs resource enable " + shell_word(g) + " --wait");
  out.push_back("hanfs-check");
  return out;
}

}  // namespace hanfs::check
