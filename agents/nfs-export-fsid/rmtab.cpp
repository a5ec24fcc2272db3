#include "agents/nfs-export-fsid/rmtab.h"

#include <set>

#include "common/ocf/log.h"
#include "common/core/text.h"
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

void backup_rmtab(const Host& host, const std::string& directory, const std::string& backup_name) {
  const NfsPaths paths(host);
  auto rmtab = read_text_file(paths.rmtab, true);
  if (!rmtab) {
    log_warn("rmtab backup skipped: %s", rmtab.error().reason.c_str());
    return;
  }
  const std::string file = directory + "/" + backup_name;
  const std::string lines = rmtab_lines_for(*rmtab, directory);
  if (auto old = read_text_file(file, true); old && *old == lines) return;
  if (auto w = replace_text_file(file, lines); !w) log_warn("rmtab backup: %s", w.error().reason.c_str());
}

void restore_rmtab(const Host& host, const std::string& directory, const std::string& backup_name) {
  const NfsPaths paths(host);
  const std::string file = directory + "/" + backup_name;
  auto backup = read_text_file(file, true);
  if (!backup || backup->empty()) {
    log_debug("no rmtab backup in %s", file.c_str());
    return;
  }
  auto rmtab = read_text_file(paths.rmtab, true);
  if (!rmtab) {
    log_warn("rmtab restore skipped: %s", rmtab.error().reason.c_str());
    return;
  }
  const std::string merged = merge_rmtab(*rmtab, *backup);
  if (merged == *rmtab) return;
  if (auto w = replace_text_file(paths.rmtab, merged); !w) log_warn("rmtab restore: %s", w.error().reason.c_str());
  else log_info("restored rmtab entries from %s", file.c_str());
}

}  // namespace hanfs::nfs_export_fsid
