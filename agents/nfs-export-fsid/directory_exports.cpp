#include "agents/nfs-export-fsid/directory_exports.h"

#include <map>

#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

namespace {

std::string fsid_key(const Fsid& fsid) { return fsid.text(); }

std::string join_limited(const std::vector<std::string>& items, std::size_t shown) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < shown; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > shown) out += " (and " + std::to_string(items.size() - shown) + " more)";
  return out;
}

}  // namespace

Fsid derived_fsid(const Uuid& filesystem_uuid, std::string_view path_inside) {
  Fsid fsid;
  fsid.kind = Fsid::Kind::uuid;
  fsid.uuid = name_based_uuid(filesystem_uuid, path_inside);
  return fsid;
}

std::string export_options(const Config& config, const Fsid& fsid, bool root) {
  std::string opts = config.options;
  if (!opts.empty()) opts += ',';
  return opts + "fsid=" + (root ? std::string("root") : fsid.text());
}

Result<void> check_distinct_fsids(const std::vector<DirectoryExport>& exports) {
  std::map<std::string, const std::string*> seen;
  for (const auto& e : exports) {
    auto [it, fresh] = seen.emplace(fsid_key(e.fsid), &e.directory);
    if (!fresh)
      return fail(OcfStatus::err_configured, "directories " + *it->second + " and " + e.directory +
                                                 " would share fsid " + e.fsid.text() + " (the same directory twice?)");
  }
  return {};
}

Result<void> check_fsids_unused(const std::vector<DirectoryExport>& exports, const std::vector<ExportEntry>& table,
                                std::string_view table_name, const std::vector<std::string>* where) {
  std::map<std::string, const std::string*> ours;
  for (const auto& e : exports) ours.emplace(fsid_key(e.fsid), &e.directory);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto fsid = entry_fsid(table[i]);
    if (!fsid) continue;
    const auto it = ours.find(fsid_key(*fsid));
    if (it == ours.end() || *it->second == table[i].path) continue;
    const std::string source = where && i < where->size() ? (*where)[i] : std::string(table_name);
    return fail(OcfStatus::err_configured,
                "fsid " + fsid->text() + " of " + *it->second + " is already used by " + table[i].path + " (exported to " +
                    (table[i].client.empty() ? std::string("everyone") : table[i].client) + " in " + source +
                    "): choose another fsid");
  }
  return {};
}

std::string ExportCheck::describe() const {
  std::string out;
  if (!missing.empty())
    out = std::to_string(missing.size()) + " of " + std::to_string(total) + " exports missing: " + join_limited(missing, 5);
  if (!wrong_fsid.empty()) out += (out.empty() ? "" : "; ") + join_limited(wrong_fsid, 3);
  return out;
}

ExportCheck check_export_table(const std::vector<DirectoryExport>& exports, const std::vector<ExportEntry>& etab) {
  // (path, client) -> entry
  std::map<std::pair<std::string_view, std::string_view>, const ExportEntry*> table;
  for (const auto& e : etab) table[{e.path, e.client}] = &e;
  ExportCheck check;
  for (const auto& d : exports)
    for (const auto& client : d.table_clients) {
      ++check.total;
      const auto it = table.find({d.directory, client});
      const std::string pair = export_target(client, d.directory);
      if (it == table.end()) {
        check.missing.push_back(pair);
        continue;
      }
      const auto fsid = entry_fsid(*it->second);
      if (!fsid || !(*fsid == d.fsid))
        check.wrong_fsid.push_back(pair + " has fsid " + (fsid ? fsid->text() : std::string("none")) + ", not " +
                                   d.fsid.text());
    }
  return check;
}

std::vector<std::string> table_clients(const std::vector<ClientSpec>& specs,
                                       const std::vector<std::vector<std::string>>& aliases,
                                       const std::vector<ExportEntry>& entries_of_directory,
                                       std::vector<std::string>* unmatched) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ExportEntry* found = nullptr;
    for (const auto& e : entries_of_directory)
      if (same_client(specs[i], e.client)) { found = &e; break; }
    if (!found && i < aliases.size())
      for (const auto& alias : aliases[i]) {
        for (const auto& e : entries_of_directory)
          if (text::lowercase(alias) == text::lowercase(e.client)) { found = &e; break; }
        if (found) break;
      }
    if (found) {
      bool dup = false;
      for (const auto& n : names) dup = dup || n == found->client;
      if (!dup) names.push_back(found->client);
    } else if (unmatched) {
      unmatched->push_back(specs[i].text);
    }
  }
  return names;
}

StateValues encode_exports(const std::vector<DirectoryExport>& exports) {
  StateValues values;
  values["count"] = std::to_string(exports.size());
  for (std::size_t i = 0; i < exports.size(); ++i) {
    const std::string n = std::to_string(i);
    values["dir." + n] = exports[i].directory;
    values["fsid." + n] = exports[i].fsid.text();
    std::string clients;
    for (const auto& c : exports[i].table_clients) clients += (clients.empty() ? "" : "\n") + c;
    values["clients." + n] = clients;
  }
  return values;
}

Result<std::vector<DirectoryExport>> decode_exports(const StateValues& values) {
  auto bad = [](const std::string& why) { return fail(OcfStatus::err_generic, "state file: " + why); };
  const auto count_it = values.find("count");
  if (count_it == values.end()) return bad("no count");
  const auto count = text::parse_int(count_it->second);
  if (!count || *count < 0 || *count > 1000000) return bad("bad count");
  std::vector<DirectoryExport> exports;
  for (std::int64_t i = 0; i < *count; ++i) {
    const std::string n = std::to_string(i);
    const auto dir = values.find("dir." + n), fsid = values.find("fsid." + n), clients = values.find("clients." + n);
    if (dir == values.end() || fsid == values.end() || clients == values.end()) return bad("entry " + n + " incomplete");
    const auto parsed = parse_fsid(fsid->second);
    if (!parsed) return bad("entry " + n + " has a bad fsid");
    DirectoryExport e{dir->second, *parsed, {}};
    for (auto& c : text::split(clients->second, '\n'))
      if (!c.empty()) e.table_clients.push_back(std::move(c));
    exports.push_back(std::move(e));
  }
  return exports;
}

}  // namespace hanfs::nfs_export_fsid
