// The resource's configuration, checked: what to export, to whom, with which
// options and fsid. Pure (no file system access), so every bad input has a
// unit test and the same one-line reason in every action.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/nfs/export_table.h"
#include "common/core/ocf_status.h"
#include "common/ocf/parameters.h"

namespace hanfs::nfs_export_fsid {

// The fsid parameter: unset (derive), a number starting a run, a UUID, root.
struct FsidSetting {
  Fsid first;
  bool root = false;  // written as "root"
};

struct Config {
  std::vector<std::string> directories;  // absolute, trailing '/' removed
  std::vector<ClientSpec> clients;
  std::string options;                   // exportfs -o without fsid; may be ""
  std::optional<FsidSetting> fsid;       // nullopt: derive from the filesystem
  bool unlock_on_stop = true;
  bool wait_for_leasetime_on_stop = false;
  std::string rmtab_backup;              // "" when disabled ("none")
};

// The directory parameter's words: white space separates, "double quotes"
// group, \ooo and "\ " escape, "\\" is a backslash.
Result<std::vector<std::string>> parse_directory_list(std::string_view text);
// Options for exportfs -o: comma-separated words, no fsid.
Result<std::string> parse_export_options(std::string_view text);
Result<std::optional<FsidSetting>> parse_fsid_setting(std::string_view text, bool is_set, std::size_t directories);

// All of it; the first problem is the error (err_configured).
Result<Config> parse_config(const Parameters& params);
// For stop with a broken configuration: what can be read; bad directories
// and clients are left out, the rest as parse_config.
Config parse_config_leniently(const Parameters& params);

}  // namespace hanfs::nfs_export_fsid
