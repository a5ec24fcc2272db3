// The resource's configuration, checked: what to export, to whom, with which
// options and fsid. Pure (no file system access), so every bad input has a
// unit test and the same one-line reason in every action.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/nfs/export_table.h"
#include "common/nfs/fsid_run.h"
#include "common/core/ocf_status.h"
#include "common/ocf/parameters.h"

namespace hanfs::nfs_export_fsid {

struct Config {
  std::vector<std::string> directories;  // absolute, trailing '/' removed
  std::vector<ClientSpec> clients;
  std::string options;                   // exportfs -o without fsid; may be ""
  std::optional<FsidSetting> fsid;       // nullopt: derive from the filesystem
  bool unlock_on_stop = true;
  bool wait_for_leasetime_on_stop = false;
  std::string rmtab_backup;              // "" when disabled ("none")
  std::string service;                   // "" for the node's server, else nfs-server's name
};

// parse_directory_list, FsidSetting, parse_fsid_setting: common/nfs/fsid_run.h
// (hanfs-check expands a run the same way).
// Options for exportfs -o: comma-separated words, no fsid.
Result<std::string> parse_export_options(std::string_view text);

// All of it: every value that parsed, and a problem (err_configured) for
// each that did not, in parameter order; a bad directory or client is left
// out, a bad options, fsid or rmtab_backup is unset. start, monitor and
// validate-all take .strict() (the first problem is the error); stop takes
// the value, so it acts on what start would have acted on.
Parsed<Config> parse_config(const Parameters& params);

}  // namespace hanfs::nfs_export_fsid
