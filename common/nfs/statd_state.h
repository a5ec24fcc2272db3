// The NSM (statd) state directory, as rpc.statd and sm-notify keep it:
// sm/ holds one file per monitored host (named after it, one record per
// line), sm.bak/ the hosts still to be told of a reboot, and `state` the NSM
// state number (a native-endian int, odd while up). The parsers are pure; the
// file operations keep the ownership statd requires (it and sm-notify drop
// root for the owner of sm/, and must be able to rewrite what they find).
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"

namespace hanfs {

// One line of a monitor file: "ADDR PROG VERS PROC PRIV MON_NAME MY_NAME",
// the first five in hex (ADDR 8 digits, PRIV 32).
struct MonitorRecord {
  std::string address_hex, program, version, procedure, cookie;
  std::string mon_name;  // the peer, as the lock manager named it
  std::string my_name;   // this server, as the peer knew it
};

std::optional<MonitorRecord> parse_monitor_record(std::string_view line);
// A file's records; malformed lines are skipped and counted in `bad`.
std::vector<MonitorRecord> parse_monitor_file(std::string_view text, std::size_t* bad = nullptr);
// The lines of `incoming` that `existing` lacks, appended to it (records
// compared whole; blank lines dropped). Pure.
std::string merge_monitor_lines(std::string_view existing, std::string_view incoming);
// Whether a file name can be a monitored host's (no '/', no leading '.', no
// whitespace or control characters, not empty): what statd itself writes.
bool valid_host_file_name(std::string_view name);

// The NSM state number: 4 bytes, native order (nullopt when not that).
std::optional<int> decode_nsm_state(std::string_view bytes);
std::string encode_nsm_state(int state);
// The number the next "reboot" announces: odd, and above `current`.
int next_nsm_state(int current);

// File name -> content of a host list (sm/ or sm.bak/).
using HostList = std::map<std::string, std::string, std::less<>>;
// Union of two lists, file by file (merge_monitor_lines).
HostList merge_host_lists(const HostList& a, const HostList& b);
// `lines` minus every record that also appears in `done` (dropping files
// left empty). Pure.
HostList subtract_host_lists(const HostList& lines, const HostList& done);
std::size_t count_records(const HostList& list);

struct StatdOwner {
  uid_t uid = 0;
  gid_t gid = 0;
};
// Who statd runs as on this node: the owner of <node_dir>/sm when it exists
// (NODE_DIR empty: not looked at), else the user "statd" (Debian, SUSE) or
// "rpcuser" (Red Hat), else root.
StatdOwner statd_owner(const std::string& node_dir);
std::string describe_owner(const StatdOwner& owner);

// The regular files of <dir>/<sub> (missing directory: empty list).
Result<HostList> read_host_list(const std::string& dir, std::string_view sub);
// Merges `hosts` into <dir>/<sub> (created when missing): each changed file
// rewritten atomically, mode 0600, owned by `owner`. Returns how many changed.
Result<std::size_t> merge_into_host_list(const std::string& dir, std::string_view sub, const HostList& hosts,
                                         const StatdOwner& owner);
// Replaces <dir>/<sub>'s files by exactly `hosts` (others removed).
Result<void> write_host_list(const std::string& dir, std::string_view sub, const HostList& hosts,
                             const StatdOwner& owner);

// <dir>/state (nullopt when missing or not 4 bytes).
std::optional<int> read_nsm_state(const std::string& dir);
Result<void> write_nsm_state(const std::string& dir, int state, const StatdOwner& owner);

// <dir> itself, sm/ and sm.bak/ exist as directories owned by `owner`
// (created or re-owned as needed; <dir> only created, and re-owned, when
// `create_dir`), and so do the records in sm/ and sm.bak/ (never through a
// symbolic link).
Result<void> prepare_statd_dir(const std::string& dir, const StatdOwner& owner, bool create_dir);

}  // namespace hanfs
