#include "tools/hanfs-check/risks.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "common/core/text.h"
#include "common/nfs/fsid_run.h"
#include "common/storage/minor_settings.h"

namespace hanfs::check {

namespace {

constexpr std::array catalogue{
    RiskKind{"export-fsid-not-stable", "an export whose fsid is not the same on every node",
             "after a failover, clients get 'Stale NFS file handle' (ESTALE) for every handle they hold"},
    RiskKind{"fsid-collision", "two cluster exports share one fsid",
             "clients of one directory get the other's files, or 'Stale NFS file handle' (ESTALE), depending on "
             "which export the server finds first"},
    RiskKind{"fsid-collides-with-local-export", "a cluster export's fsid is also used by an export outside the cluster",
             "clients of one directory get the other's files, or 'Stale NFS file handle' (ESTALE), on the node "
             "that has both"},
    RiskKind{"vg-dynamic-minors", "a volume group activated without persistent minors",
             "after a failover the LVs can come up on other device numbers: clients of exports without an "
             "explicit fsid get 'Stale NFS file handle' (ESTALE)"},
    RiskKind{"lv-without-persistent-minor", "an LV of the service without a persistent minor",
             "after a failover the LV can come up on another device number: clients of exports without an "
             "explicit fsid get 'Stale NFS file handle' (ESTALE)"},
    RiskKind{"minor-collision", "two LVs are given the same minor",
             "the second volume group cannot be activated where the first is active: the failover fails and "
             "clients' I/O hangs until an administrator steps in"},
    RiskKind{"minor-range-overlaps-dynamic", "a minor_range overlaps devices this node numbered dynamically",
             "the volume group is refused on this node: a failover to it fails and clients' I/O hangs"},
    RiskKind{"nsm-state-not-shared", "the NFSv3 lock clients' list (NSM) is not on the service's filesystem",
             "after a failover, NFSv3 clients are not told to reclaim their locks: the locks are silently lost "
             "and another client can take them"},
    RiskKind{"nfsv4-state-not-shared", "the NFSv4 client records are not on the service's filesystem",
             "after a failover, NFSv4 clients cannot reclaim their opens and locks (NFS4ERR_NO_GRACE): "
             "applications get EIO or lose their locks"},
    RiskKind{"server-scope-differs", "the NFSv4 server scope is not one value that moves with the service",
             "after a failover, NFSv4.1 clients see another server and may not reclaim their state: open files "
             "and locks are lost"},
    RiskKind{"nfsd-times-differ", "the nodes serve NFSv4 with different lease or grace times",
             "after a failover onto a node whose grace period is shorter than the lease the clients had, they can "
             "miss it and lose their opens and locks (NFS4ERR_NO_GRACE); a longer one holds new opens and locks "
             "back for longer"},
    RiskKind{"address-outlives-export", "the floating address stops after the export",
             "during a failover, clients still reach the address after the export is gone and get 'Permission "
             "denied' or 'Stale NFS file handle' (ESTALE) instead of waiting for the other node"},
    RiskKind{"service-without-server", "a resource works in an NFS service that no nfs-server starts before it",
             "the service's exports or notifications are not made where its clients reach them: after a failover "
             "clients get no answer, or NFSv3 clients are not told to reclaim their locks"},
    RiskKind{"service-without-address", "an nfs-server's exports are reached through no address in its network",
             "the service's server listens only inside its network namespace: an address outside it (IPaddr2) or "
             "none leaves every client without an answer, and NFSv3 clients are never told to reclaim"},
    RiskKind{"service-name-twice", "two nfs-server resources have one name",
             "where both run on one node the second takes over the first's namespaces and server: clients of both "
             "lose their opens and locks, and NFSv4 clients see one server scope for two services"},
};

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
  return out;
}

bool is_lvm_activate(const Primitive& p) { return p.is(agent::lvm_activate) || p.is(agent::lvm_old); }

// The fsid an exportfs resource passes: its fsid parameter, else an fsid= in
// its options (the agent hands the options to exportfs as they are).
std::optional<std::string> exportfs_fsid_text(const Primitive& p) {
  if (auto f = p.attribute("fsid")) return f;
  if (auto options = p.attribute("options"))
    for (const auto& o : text::split(*options, ','))
      if (o.starts_with("fsid=")) return o.substr(5);
  return std::nullopt;
}

// Numbers handed out by fixes: above every numeric fsid in use.
class FreeFsids {
 public:
  FreeFsids(const std::vector<ResourceExport>& exports, const std::optional<NodeState>& node) {
    auto see = [this](const std::optional<Fsid>& f) {
      if (f && f->kind == Fsid::Kind::number) next_ = std::max<std::uint64_t>(next_, std::uint64_t{f->number} + 1);
    };
    for (const auto& e : exports) see(e.fsid);
    if (node) {
      for (const auto& e : node->etab) see(entry_fsid(e));
      for (const auto& e : node->exports_files) see(entry_fsid(e));
    }
  }
  std::string take() { return std::to_string(next_++); }

 private:
  std::uint64_t next_ = 1;
};

void add(std::vector<Risk>& risks, std::string_view code, std::vector<std::string> resources, std::string detail,
         std::vector<std::string> fix) {
  risks.push_back(Risk{std::string(code), std::move(resources), std::move(detail), std::move(fix)});
}

std::string where_to_move(const Primitive& p) {
  if (!p.group.empty()) return "hanfs-check --migrate " + p.group;
  return "hanfs-check --migrate GROUP (after putting " + p.id + " in a group with its service)";
}

// --- 1, 2: fsids -----------------------------------------------------------

void fsid_risks(const ClusterConfig& config, const std::optional<NodeState>& node, std::vector<Risk>& risks) {
  const auto exports = resource_exports(config);
  FreeFsids free(exports, node);
  std::set<std::string> resource_dirs;
  for (const auto& e : exports) resource_dirs.insert(e.directory);

  // 1. exportfs without an fsid: the kernel takes the filesystem's UUID if
  // it has one, else the device number, which follows the minor.
  std::set<std::string> flagged;
  for (const auto& e : exports) {
    if (e.fsid_configured || !e.resource->is(agent::exportfs) || flagged.contains(e.resource->id)) continue;
    const auto uuid = node ? node->has_uuid(e.directory) : std::nullopt;
    if (uuid == true) continue;
    flagged.insert(e.resource->id);
    const std::string why = uuid == false ? "the filesystem of " + e.directory + " has no UUID on this node"
                                          : "unless the filesystem of " + e.directory + " has a UUID";
    add(risks, "export-fsid-not-stable", {e.resource->id},
        e.resource->id + " exports " + e.directory + " without an fsid: its handles carry the device number, " + why,
        {"pcs resource update " + e.resource->id + " fsid=" + free.take()});
  }
  if (node)
    for (const auto& entry : node->etab) {
      if (entry_fsid(entry) || node->has_uuid(entry.path) != false || flagged.contains(entry.path)) continue;
      flagged.insert(entry.path);
      std::vector<std::string> ids;
      for (const auto& e : exports)
        if (e.directory == entry.path) ids.push_back(e.resource->id);
      if (!ids.empty() && std::any_of(ids.begin(), ids.end(), [&](const auto& id) { return flagged.contains(id); }))
        continue;
      std::vector<std::string> fix;
      if (ids.empty())
        fix = {"add fsid=" + free.take() + " to the options of " + entry.path + " in /etc/exports", "exportfs -ra"};
      else
        fix = {"pcs resource update " + ids.front() + " fsid=" + free.take()};
      add(risks, "export-fsid-not-stable", ids,
          "this node exports " + entry.path + " to " + (entry.client.empty() ? "everyone" : entry.client) +
              " without an fsid, and its filesystem has no UUID: the handles carry the device number",
          std::move(fix));
    }

  // 2. One fsid, two directories, in one server: the node's, or one
  // service's own (nfs-export-fsid service=S), whose exports no other sees.
  std::map<std::pair<std::string, std::string>, std::vector<const ResourceExport*>> by_fsid;  // (service, fsid)
  for (const auto& e : exports)
    if (e.fsid) by_fsid[{e.resource->attribute("service").value_or(""), e.fsid->text()}].push_back(&e);
  for (const auto& [key, users] : by_fsid) {
    const std::string& fsid = key.second;
    std::set<std::string> dirs;
    for (const auto* u : users) dirs.insert(u->directory);
    if (dirs.size() < 2) continue;
    std::vector<std::string> ids, what, fix;
    for (const auto* u : users) {
      if (std::find(ids.begin(), ids.end(), u->resource->id) == ids.end()) ids.push_back(u->resource->id);
      what.push_back(u->resource->id + " (" + u->directory + ")");
    }
    // Every resource but the first gets another fsid (a run: its first).
    for (std::size_t i = 1; i < ids.size(); ++i) fix.push_back("pcs resource update " + ids[i] + " fsid=" + free.take());
    if (ids.size() == 1) fix.push_back("pcs resource update " + ids[0] + " fsid=" + free.take());
    add(risks, "fsid-collision", ids, "fsid " + fsid + " is used by " + join(what, " and "), std::move(fix));
  }
  if (!node) return;
  std::set<std::string> reported;
  auto local = [&](const std::vector<ExportEntry>& table, std::string_view where) {
    for (const auto& entry : table) {
      if (resource_dirs.contains(entry.path)) continue;
      const auto fsid = entry_fsid(entry);
      if (!fsid) continue;
      const auto users = by_fsid.find({"", fsid->text()});  // the node's own server
      if (users == by_fsid.end() || !reported.insert(fsid->text() + entry.path).second) continue;
      std::vector<std::string> ids;
      for (const auto* u : users->second)
        if (std::find(ids.begin(), ids.end(), u->resource->id) == ids.end()) ids.push_back(u->resource->id);
      add(risks, "fsid-collides-with-local-export", ids,
          "fsid " + fsid->text() + " of " + join(ids, ", ") + " is also the fsid of " + entry.path + " in " +
              std::string(where) + " on this node",
          {"pcs resource update " + ids.front() + " fsid=" + free.take() + "  (or give " + entry.path +
           " another fsid in /etc/exports and run exportfs -ra)"});
    }
  };
  local(node->etab, "the export table");
  local(node->exports_files, "/etc/exports");
}

// --- 3: minors -------------------------------------------------------------

void minor_risks(const ClusterConfig& config, const std::optional<NodeState>& node, std::vector<Risk>& risks) {
  // minor -> LV ("vg/lv") -> who gives it that minor: resources' minors=,
  // or "persisted" (the VG metadata this node reads). One LV given its
  // minor both ways is one user.
  std::map<int, std::map<std::string, std::vector<std::string>>> by_minor;
  std::map<int, std::set<std::string>> ids_of_minor;
  for (const auto& p : config.primitives) {
    if (is_lvm_activate(p)) {
      const std::string vg = p.attribute("vgname").value_or("?");
      add(risks, "vg-dynamic-minors", {p.id},
          p.id + " (" + p.type + ") activates " + vg + " with the minors device-mapper hands out, which differ "
                                                         "between nodes",
          {where_to_move(p) + "   # prints the commands that replace it with ocf:hanfs:lvm-persistent"});
      continue;
    }
    if (!p.is(agent::lvm_persistent)) continue;
    const std::string vg = p.attribute("vgname").value_or("");
    if (auto minors = parse_minors(p.attribute("minors").value_or("")))
      for (const auto& [lv, minor] : *minors) {
        by_minor[minor][vg + "/" + lv].push_back(p.id);
        ids_of_minor[minor].insert(p.id);
      }
    if (!node) continue;
    const auto lvnames = split_lvm_list(p.attribute("lvname").value_or(""));
    if (node->lvs_read) {
      std::vector<std::string> without;
      for (const auto& lv : node->lvs)
        if (lv.vg_name == vg && lv.persistent_minor < 0 &&
            (lvnames.empty() || std::find(lvnames.begin(), lvnames.end(), lv.lv_name) != lvnames.end()))
          without.push_back(lv.full_name());
      if (!without.empty())
        add(risks, "lv-without-persistent-minor", {p.id},
            join(without, ", ") + " of " + p.id + " " + (without.size() == 1 ? "has" : "have") +
                " no persistent minor in the VG metadata",
            {"pcs resource restart " + p.id + "   # its start stores a persistent minor from minor_range"});
    }
    const auto range = parse_minor_range(p.attribute("minor_range").value_or("10000-10999"));
    if (!range || !node->dm_read || !node->lvs_read) continue;
    std::vector<std::string> dynamic;
    for (const auto& d : node->dm_devices) {
      if (!range->contains(d.minor)) continue;
      const bool persisted = std::any_of(node->lvs.begin(), node->lvs.end(),
                                         [&](const LvRecord& lv) { return lv.persistent_minor == d.minor; });
      if (!persisted) dynamic.push_back(d.name + " (" + devnum(d.major, d.minor) + ")");
    }
    if (!dynamic.empty())
      add(risks, "minor-range-overlaps-dynamic", {p.id},
          "minor_range " + std::to_string(range->first) + "-" + std::to_string(range->last) + " of " + p.id +
              " holds " + join(dynamic, ", ") + ", numbered dynamically on this node",
          {"pcs resource update " + p.id + " minor_range=<a range no device of any node uses, e.g. 20000-20999>"});
  }
  if (node && node->lvs_read)
    for (const auto& lv : node->lvs)
      if (lv.persistent_minor >= 0) by_minor[lv.persistent_minor][lv.full_name()].push_back("persisted");
  for (const auto& [minor, lvs] : by_minor) {
    if (lvs.size() < 2) continue;
    std::vector<std::string> users;
    for (const auto& [lv, who] : lvs) users.push_back(lv + " (" + join(who, ", ") + ")");
    const auto& ids = ids_of_minor[minor];
    std::vector<std::string> id_list(ids.begin(), ids.end());
    add(risks, "minor-collision", id_list, "minor " + std::to_string(minor) + " is given to " + join(users, " and "),
        {"pcs resource update " + (id_list.empty() ? std::string("<resource>") : id_list.back()) +
         " minors=<LV:MINOR with a minor no other LV has>   # or: lvchange --persistent y --minor <free minor> VG/LV "
         "with the LV inactive"});
  }
}

// --- 4: NSM, NFSv4 state, server scope ---------------------------------------

bool on_service_filesystem(const ClusterConfig& config, const Primitive& p, const std::string& dir) {
  for (const auto& fs : service_filesystems(config, p))
    if (path_under(dir, fs)) return true;
  return false;
}

std::string first_filesystem(const ClusterConfig& config, const Primitive& p) {
  const auto fs = service_filesystems(config, p);
  return fs.empty() ? std::string("<the service's filesystem>") : fs.front();
}

void state_risks(const ClusterConfig& config, std::vector<Risk>& risks) {
  for (const auto& p : config.primitives) {
    if (p.is(agent::nfsnotify)) {
      // It sends from the node's own list; only an nfsserver of the group
      // whose nfs_shared_infodir is on the service's filesystem moves it.
      bool shared = false;
      if (const Group* g = config.group(p.group))
        for (const auto* m : config.members(*g))
          if (m->is(agent::nfsserver))
            if (auto dir = m->attribute("nfs_shared_infodir"); dir && on_service_filesystem(config, *m, *dir))
              shared = true;
      if (!shared)
        add(risks, "nsm-state-not-shared", {p.id},
            p.id + " (nfsnotify) notifies the clients in this node's /var/lib/nfs/statd, which does not follow the "
                   "service",
            {where_to_move(p) + "   # replaces it with ocf:hanfs:nfs-notify, statd_dir on the service's "
                                        "filesystem"});
    } else if (p.is(agent::nfsserver)) {
      const auto dir = p.attribute("nfs_shared_infodir");
      if (!dir || !on_service_filesystem(config, p, *dir))
        add(risks, "nfsv4-state-not-shared", {p.id},
            p.id + " (nfsserver) keeps the NFSv4 client records and the NSM list in " +
                (dir ? *dir + ", not on the service's filesystem" : std::string("this node's /var/lib/nfs")),
            {"pcs resource update " + p.id + " nfs_shared_infodir=" + first_filesystem(config, p) + "/nfsinfo"});
      if (!p.attribute("nfs_server_scope"))
        add(risks, "server-scope-differs", {p.id},
            p.id + " (nfsserver) sets no nfs_server_scope: each node serves under its own host name",
            {"pcs resource update " + p.id + " nfs_server_scope=<the floating address's host name>"});
    } else if (p.is(agent::nfs_notify) && !p.attribute("service").value_or("").empty()) {
      continue;  // its list is its nfs-server's state_dir (below)
    } else if (p.is(agent::nfs_server)) {
      const std::string dir = p.attribute("state_dir").value_or("");
      if (!on_service_filesystem(config, p, dir))
        add(risks, "nfsv4-state-not-shared", {p.id},
            p.id + " (nfs-server) keeps the NFSv4 client records and the NSM list in " +
                (dir.empty() ? std::string("(unset)") : dir) + ", not on the filesystem of its group",
            {"pcs resource update " + p.id + " state_dir=" + first_filesystem(config, p) + "/.nfs"});
    } else if (p.is(agent::nfs_notify)) {
      const std::string dir = p.attribute("statd_dir").value_or("/var/lib/nfs");
      if (!on_service_filesystem(config, p, dir))
        add(risks, "nsm-state-not-shared", {p.id},
            p.id + " keeps its monitored-host list in " + dir + ", not on the filesystem of its group",
            {"pcs resource update " + p.id + " statd_dir=" + first_filesystem(config, p) + "/.statd"});
    } else if (p.is(agent::nfs_grace)) {
      const std::string dir = p.attribute("recovery_dir").value_or("");
      if (!on_service_filesystem(config, p, dir))
        add(risks, "nfsv4-state-not-shared", {p.id},
            p.id + " keeps the NFSv4 client records in " + (dir.empty() ? std::string("(unset)") : dir) +
                ", not on the filesystem of its group",
            {"pcs resource update " + p.id + " recovery_dir=" + first_filesystem(config, p) + "/.nfs-grace"});
    }
  }
  // A group that exports must serve under one scope, kept with the service.
  for (const auto& g : config.groups) {
    const auto members = config.members(g);
    std::vector<const Primitive*> exports;
    std::map<std::string, std::vector<std::string>> scopes;  // scope -> resources
    bool keeps_v4_state = false;
    for (const auto* m : members) {
      if (is_export(*m)) exports.push_back(m);
      if (m->is(agent::nfs_grace)) {
        keeps_v4_state = true;
        if (auto s = m->attribute("server_scope")) scopes[*s].push_back(m->id);
      }
      if (m->is(agent::nfsserver)) {
        keeps_v4_state = true;
        if (auto s = m->attribute("nfs_server_scope")) scopes[*s].push_back(m->id);
      }
      if (m->is(agent::nfs_server)) {  // its name is its scope
        keeps_v4_state = true;
        if (auto s = m->attribute("name")) scopes[*s].push_back(m->id);
      }
    }
    if (exports.empty()) continue;
    if (scopes.size() > 1) {
      std::vector<std::string> ids, what;
      for (const auto& [scope, users] : scopes) {
        ids.insert(ids.end(), users.begin(), users.end());
        what.push_back(join(users, ", ") + " '" + scope + "'");
      }
      add(risks, "server-scope-differs", ids, "group " + g.id + " serves under several scopes: " + join(what, "; "),
          {"pcs resource update <each of them> with the one scope: the floating address's host name"});
    }
    if (!keeps_v4_state) {
      std::string after;
      for (const auto* m : members)
        if (is_export(*m)) after = m->id;
      const std::string create = "pcs resource create " + g.id + "-grace ocf:hanfs:nfs-grace recovery_dir=" +
                                 first_filesystem(config, *exports.front()) +
                                 "/.nfs-grace server_scope=<the floating address's host name> --group " + g.id +
                                 " --after " + after;
      add(risks, "server-scope-differs", {g.id},
          "group " + g.id + " exports with no resource setting the NFSv4 server scope: each node serves under its "
                            "own host name",
          {create});
      add(risks, "nfsv4-state-not-shared", {g.id},
          "group " + g.id + " exports with no resource keeping the NFSv4 client records on its filesystem", {create});
    }
  }
}

// --- 5: the address and the export at stop ---------------------------------

void order_risks(const ClusterConfig& config, std::vector<Risk>& risks) {
  for (const auto& g : config.groups) {
    const auto members = config.members(g);
    std::string last_export_or_grace;
    for (const auto* m : members)
      if (is_export(*m) || m->is(agent::nfs_grace)) last_export_or_grace = m->id;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (!is_address(*members[i])) continue;
      std::vector<std::string> later;
      for (std::size_t j = i + 1; j < members.size(); ++j)
        if (is_export(*members[j])) later.push_back(members[j]->id);
      if (later.empty()) continue;
      std::vector<std::string> ids{members[i]->id};
      ids.insert(ids.end(), later.begin(), later.end());
      add(risks, "address-outlives-export", ids,
          "in group " + g.id + ", " + members[i]->id + " comes before " + join(later, ", ") +
              ": a group stops in reverse order, so the address is still up after the export is gone",
          {"pcs resource group add " + g.id + " " + members[i]->id + " --after " + last_export_or_grace});
    }
  }
  for (const auto& o : config.orders) {
    if (o.kind == "Optional" || o.kind == "Serialize" || !o.symmetrical) continue;
    if (o.first_action != "start" || o.then_action != "start") continue;
    const Primitive* first = config.primitive(o.first);
    const Primitive* then = config.primitive(o.then);
    if (!first || !then || !is_address(*first) || !is_export(*then)) continue;
    add(risks, "address-outlives-export", {first->id, then->id},
        "order constraint " + o.id + " starts " + first->id + " before " + then->id +
            ", so it stops after it: the address is still up after the export is gone",
        {"pcs constraint delete " + o.id, "pcs constraint order start " + then->id + " then start " + first->id});
  }
}

// --- 6: the nodes' nfsd times ------------------------------------------------

void nfsd_time_risks(const std::optional<NodeState>& node, std::vector<Risk>& risks) {
  if (!node) return;
  std::set<long long> leases, graces;
  std::vector<std::string> seen;
  for (const auto& [name, t] : node->cluster_nfsd_times) {
    if (t.lease) leases.insert(*t.lease);
    if (t.grace) graces.insert(*t.grace);
    seen.push_back(name + ": " + describe(t));
  }
  if (leases.size() < 2 && graces.size() < 2) return;
  // The largest in use, and a grace no shorter than the lease; a time no
  // node could read is left to each node's default.
  auto largest = [](const std::set<long long>& s) { return s.empty() ? std::optional<long long>() : *s.rbegin(); };
  const auto lease = largest(leases);
  auto grace = largest(graces);
  if (lease && (!grace || *grace < *lease)) grace = lease;
  std::string conf = "[nfsd]\\n";
  if (lease) conf += "lease-time=" + std::to_string(*lease) + "\\n";
  if (grace) conf += "grace-time=" + std::to_string(*grace) + "\\n";
  add(risks, "nfsd-times-differ", {}, "nfsd's NFSv4 times differ between the nodes: " + join(seen, "; "),
      {"printf '" + conf + "' >/etc/nfs.conf.d/hanfs-nfsd-times.conf   # on every node",
       "pcs node standby <node> && systemctl restart nfs-server && pcs node unstandby <node>   # on each node in "
       "turn, so no service is on it when its nfsd restarts",
       "hanfs-check   # on every node, to publish and compare the new times"});
}

// --- 7: NFS services in namespaces of their own (nfs-server) ---------------

// P starts after SERVER: earlier in the same group, or by a mandatory order
// constraint from it (or its group) to P (or its group).
bool starts_after(const ClusterConfig& config, const Primitive& p, const Primitive& server) {
  if (!p.group.empty() && p.group == server.group)
    if (const Group* g = config.group(p.group)) {
      const auto& m = g->members;
      const auto at = [&](const std::string& id) { return std::find(m.begin(), m.end(), id) - m.begin(); };
      if (at(server.id) < at(p.id)) return true;
    }
  for (const auto& o : config.orders) {
    if (o.kind == "Optional" || o.first_action != "start" || o.then_action != "start") continue;
    const bool from = o.first == server.id || (!server.group.empty() && o.first == server.group);
    const bool to = o.then == p.id || (!p.group.empty() && o.then == p.group);
    if (from && to) return true;
  }
  return false;
}

void service_risks(const ClusterConfig& config, std::vector<Risk>& risks) {
  std::map<std::string, std::vector<const Primitive*>> servers;  // name -> nfs-server resources
  for (const auto& p : config.primitives)
    if (p.is(agent::nfs_server))
      if (auto name = p.attribute("name"); name && !name->empty()) servers[*name].push_back(&p);
  for (const auto& [name, list] : servers) {
    if (list.size() < 2) continue;
    std::vector<std::string> ids;
    for (const auto* s : list) ids.push_back(s->id);
    add(risks, "service-name-twice", ids, join(ids, ", ") + " are all nfs-server name=" + name,
        {"pcs resource update " + ids.back() + " name=<a name of its own>   # and service= of its group's "
                                               "nfs-export-fsid, nfs-address and nfs-notify with it"});
  }
  for (const auto& p : config.primitives) {
    if (!p.is(agent::nfs_export_fsid) && !p.is(agent::nfs_notify) && !p.is(agent::nfs_address)) continue;
    const std::string service = p.attribute("service").value_or("");
    if (service.empty()) continue;
    const auto found = servers.find(service);
    if (found == servers.end()) {
      add(risks, "service-without-server", {p.id},
          p.id + " works in service " + service + ", and no nfs-server has name=" + service,
          {"pcs resource create " + service + "-server ocf:hanfs:nfs-server name=" + service + " state_dir=" +
           first_filesystem(config, p) + "/.nfs ip=<the floating address>" +
           (p.group.empty() ? std::string() : " --group " + p.group + " --before " + p.id)});
      continue;
    }
    const bool ordered = std::any_of(found->second.begin(), found->second.end(),
                                     [&](const Primitive* s) { return starts_after(config, p, *s); });
    if (!ordered)
      add(risks, "service-without-server", {found->second.front()->id, p.id},
          p.id + " works in service " + service + " but does not start after " + found->second.front()->id +
              " (nfs-server name=" + service + "): same group, or an order constraint",
          {"pcs constraint order start " + found->second.front()->id + " then start " + p.id});
  }
  // An exporting service needs its address inside: nfs-address service=NAME.
  for (const auto& entry : servers) {
    const std::string& name = entry.first;  // a plain reference: clang 14 captures no structured binding
    const Primitive& server = *entry.second.front();
    const auto in_service = [&](const Primitive& p, std::string_view agent_name) {
      return p.is(agent_name) && p.attribute("service").value_or("") == name;
    };
    std::vector<std::string> exports, outside;
    bool has_address = false;
    for (const auto& p : config.primitives) {
      if (in_service(p, agent::nfs_export_fsid)) exports.push_back(p.id);
      if (in_service(p, agent::nfs_address)) has_address = true;
      if (!server.group.empty() && p.group == server.group && is_address(p) && !p.is(agent::nfs_address))
        outside.push_back(p.id);
    }
    if (exports.empty() || has_address) continue;
    const std::string ip = server.attribute("ip").value_or("<the floating address>");
    std::vector<std::string> ids{server.id};
    ids.insert(ids.end(), outside.begin(), outside.end());
    std::vector<std::string> fix;
    for (const auto& id : outside) fix.push_back("pcs resource delete " + id);
    fix.push_back("pcs resource create " + name + "-ip ocf:hanfs:nfs-address service=" + name + " ip=" + ip +
                  " cidr_netmask=<its prefix length> nic=<its interface>" +
                  (server.group.empty() ? std::string() : " --group " + server.group + " --after " + exports.back()));
    add(risks, "service-without-address", ids,
        "nfs-server " + server.id + " (name=" + name + ") exports " + join(exports, ", ") +
            " but no nfs-address service=" + name + " brings its address up in its network" +
            (outside.empty() ? std::string() : ": " + join(outside, ", ") + " puts it in the node's"),
        fix);
  }
}

}  // namespace

std::span<const RiskKind> risk_catalogue() { return catalogue; }

std::vector<Risk> find_risks(const ClusterConfig& config, const std::optional<NodeState>& node) {
  std::vector<Risk> risks;
  fsid_risks(config, node, risks);
  minor_risks(config, node, risks);
  state_risks(config, risks);
  order_risks(config, risks);
  service_risks(config, risks);
  nfsd_time_risks(node, risks);
  return risks;
}

const RiskKind* risk_kind(std::string_view code) {
  for (const auto& k : catalogue)
    if (k.code == code) return &k;
  return nullptr;
}

std::string_view Risk::clients_see() const {
  const RiskKind* k = risk_kind(code);
  return k ? k->clients_see : std::string_view();
}

bool is_address(const Primitive& p) {
  return p.is("ocf:heartbeat:IPaddr2") || p.is("ocf:heartbeat:IPaddr") || p.is("ocf:heartbeat:IPsrcaddr") ||
         p.is(agent::nfs_address);
}

bool is_export(const Primitive& p) { return p.is(agent::exportfs) || p.is(agent::nfs_export_fsid); }

bool path_under(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (dir.empty() || path.empty() || dir.front() != '/') return false;
  if (dir == "/") return true;
  return path == dir || (path.starts_with(dir) && path[dir.size()] == '/');
}

std::vector<std::string> service_filesystems(const ClusterConfig& config, const Primitive& p) {
  std::vector<std::string> dirs;
  const Group* g = config.group(p.group);
  for (const auto& q : config.primitives)
    if (q.is(agent::filesystem) && (!g || q.group == g->id))
      if (auto d = q.attribute("directory")) dirs.push_back(*d);
  return dirs;
}

std::vector<ResourceExport> resource_exports(const ClusterConfig& config) {
  std::vector<ResourceExport> out;
  for (const auto& p : config.primitives) {
    if (!is_export(p)) continue;
    const auto dirs = parse_directory_list(p.attribute("directory").value_or("")).value;
    if (p.is(agent::nfs_export_fsid)) {
      const auto fsid = p.attribute("fsid");
      const auto setting = parse_fsid_setting(fsid.value_or(""), fsid.has_value(), dirs.size());
      for (std::size_t i = 0; i < dirs.size(); ++i) {
        ResourceExport e{&p, dirs[i], std::nullopt, fsid.has_value()};
        if (setting && *setting) e.fsid = configured_fsid(**setting, i);
        out.push_back(std::move(e));
      }
      continue;
    }
    // exportfs numbers several directories the same way: fsid, fsid+1, ...
    const auto text = exportfs_fsid_text(p);
    const auto first = text ? parse_fsid(*text) : std::nullopt;
    for (std::size_t i = 0; i < dirs.size(); ++i) {
      // An fsid that does not parse is set all the same (exportfs refuses
      // it): not an export without one.
      ResourceExport e{&p, dirs[i], std::nullopt, text.has_value()};
      if (first) e.fsid = configured_fsid(FsidSetting{*first, *text == "root"}, i);
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace hanfs::check
