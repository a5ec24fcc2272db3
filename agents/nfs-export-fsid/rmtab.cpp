#include "agents/nfs-export-fsid/rmtab.h"

#include <cstdint>
#include <cstdio>
#include <set>

#include "common/ocf/log.h"
#include "common/core/text.h"
#include "common/sys/bounded_fs.h"
#include "common/sys/text_file.h"

namespace hanfs::nfs_export_fsid {

std::string rmtab_lines_for(std::string_view rmtab, std::string_view directory) {
  const std::string needle = ":" + std::string(directory) + ":";
  std::string out;
  for (const auto& line : text::lines(rmtab)) {
    // client:path:0xcount; the client has no ':' unless IPv6, so match the tail.
    const auto last = line.rfind(':');
    if (last == std::string::npos) continue;
    const std::string_view head = std::string_view(line).substr(0, last + 1);
    if (head.size() > needle.size() && head.ends_with(needle)) out += line + "\n";
  }
  return out;
}

std::string merge_rmtab(std::string_view rmtab, std::string_view backup) {
  std::set<std::string> lines;
  for (auto& l : text::lines(rmtab))
    if (!l.empty()) lines.insert(std::move(l));
  for (auto& l : text::lines(backup))
    if (!l.empty()) lines.insert(std::move(l));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

namespace {

// FNV-1a, 64 bits, in hex: stable across runs (std::hash need not be); a
// collision only means one backup not rewritten until the lines change again.
std::string fingerprint(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

StateFile remembered_backups(const ActionContext& context) {
  return StateFile(context.env.rsc_tmp(), "nfs-export-fsid-rmtab", context.env.instance());
}

// One directory's backup: read, compare and write in one child task.
Result<void> backup_directory(const std::string& file, const std::string& lines, const Deadline& deadline) {
  auto problem = run_bounded_fs(
      file,
      [&] {
        const GuardedRead old = read_regular_file(file, rmtab_backup_cap);
        if (old.found == GuardedRead::Found::file && old.content == lines) return std::string();
        std::string note;
        if (old.found == GuardedRead::Found::refused) note = "replaced " + file + ", " + old.why;
        if (auto w = replace_text_file(file, lines); !w) return w.error().reason;
        return note;
      },
      deadline);
  if (!problem) return fail(OcfStatus::err_generic, "rmtab backup: " + problem.error().reason);
  if (!problem->empty()) log_warn("rmtab backup: %s", problem->c_str());
  return {};
}

}  // namespace

void forget_rmtab_backups(const ActionContext& context) { (void)remembered_backups(context).remove(); }

Result<void> backup_rmtab(const ActionContext& context, const std::vector<std::string>& directories,
                          const std::string& backup_name, bool remember) {
  auto rmtab = read_text_file(NfsPaths(context.host).rmtab, true);  // the node's own: local
  if (!rmtab) {
    log_warn("rmtab backup skipped: %s", rmtab.error().reason.c_str());
    return {};
  }
  const StateFile memo = remembered_backups(context);
  StateValues sent;
  if (remember)
    if (auto read = memo.read()) sent = std::move(*read);
  bool changed = false;
  for (const auto& directory : directories) {
    const std::string file = directory + "/" + backup_name;
    const std::string lines = rmtab_lines_for(*rmtab, directory);
    const std::string key = "d" + fingerprint(file), value = fingerprint(lines);
    if (auto it = sent.find(key); remember && it != sent.end() && it->second == value) continue;
    if (auto b = backup_directory(file, lines, context.deadline); !b) return b;
    sent[key] = value;
    changed = true;
  }
  if (remember && changed)
    if (auto w = memo.write(sent); !w) log_warn("%s", w.error().reason.c_str());
  return {};
}

Result<void> restore_rmtab(const Host& host, const std::string& directory, const std::string& backup_name,
                           const Deadline& deadline) {
  const NfsPaths paths(host);
  const std::string file = directory + "/" + backup_name;
  auto backup = bounded_read(file, rmtab_backup_cap, deadline);
  if (!backup) return fail(OcfStatus::err_generic, "rmtab restore: " + backup.error().reason);
  if (backup->found == GuardedRead::Found::refused) {
    log_warn("not restoring rmtab from %s: %s", file.c_str(), backup->why.c_str());
    return {};
  }
  // Only the lines a backup of this directory can hold: a client that
  // writes the file cannot add mounts of other directories.
  const std::string lines = rmtab_lines_for(backup->content, directory);
  if (lines.empty()) {
    log_debug("no rmtab backup in %s", file.c_str());
    return {};
  }
  auto rmtab = read_text_file(paths.rmtab, true);
  if (!rmtab) {
    log_warn("rmtab restore skipped: %s", rmtab.error().reason.c_str());
    return {};
  }
  const std::string merged = merge_rmtab(*rmtab, lines);
  if (merged == *rmtab) return {};
  if (auto w = replace_text_file(paths.rmtab, merged); !w) log_warn("rmtab restore: %s", w.error().reason.c_str());
  else log_info("restored rmtab entries from %s", file.c_str());
  return {};
}

}  // namespace hanfs::nfs_export_fsid
