// The resource's configuration, read from its parameters: the floating
// addresses to notify from, where the service's statd list lives, the retry
// window, and the extra sm-notify options users may pass (only those that
// cannot make sm-notify write anywhere but the agent's own copies).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/nfs/statd_state.h"
#include "common/ocf/parameters.h"
#include "common/sys/host.h"

namespace hanfs::nfs_notify {

// What notify_args may say, as sm-notify's getopt reads it.
struct NotifyArgs {
  std::optional<int> retry_minutes;   // -m N
  std::optional<int> port;            // -p PORT
  bool keep_state = false;            // -n: do not bump the NSM state number
};

// A value that did not parse is left empty (its default for the numbers).
struct Config {
  std::vector<std::string> source_hosts;  // each a -v of one sm-notify run
  std::string statd_dir;                  // the service's list (shared storage)
  std::string node_statd_dir;             // this node's rpc.statd directory
  bool statd_dir_is_default = false;      // statd_dir not set: the node's own
  bool allow_root_filesystem = false;     // statd_dir may be on /
  int retry_minutes = 15;                 // 0: retry until stopped
  NotifyArgs args;
  // service=: an nfs-server's name; its statd's list (in its state_dir) is
  // both directories, and sm-notify runs in its namespaces.
  std::string service;

  // Who the copies belong to: the owner of the node's list (local); in a
  // service, whose list is on shared storage, the statd user by name.
  hanfs::StatdOwner owner() const;

  // Stats statd_dir (shared storage): call it inside a statd_dir task only
  // (statd_work.h).
  bool same_dirs() const;
};

// Pure: notify_args text to options; refuses -v, -P and anything unknown.
hanfs::Result<NotifyArgs> parse_notify_args(std::string_view text);
// Pure: "a, b c" to {"a", "b", "c"}; refuses what is not an address or name.
hanfs::Result<std::vector<std::string>> parse_source_hosts(std::string_view text);

// The one parser: every value that parsed, a problem (err_configured) for
// each that did not. statd_dir and node_statd_dir default to the host's
// var_lib_nfs (/var/lib/nfs on a node, the service's state_dir seen through
// one of its daemons for a service_host); set with service=, each is a
// problem. With service= on the node's own host (the service is not here)
// both are left empty: no list of the service is reachable.
hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host);

// The sm-notify program (PATH, then /usr/sbin and /sbin); err_installed.
hanfs::Result<std::string> find_sm_notify();
// Each source host must resolve (sm-notify sends a host name, never a bare
// address: an address needs a reverse name), checked with getent within the
// deadline (through the host's runner). err_configured naming the host.
hanfs::Result<void> check_source_names(const Config& config, const hanfs::Host& host,
                                       const hanfs::Deadline& deadline);
// Both stat statd_dir: they run inside a statd_dir task (statd_work.h).
// statd_dir exists and is owned by root or the statd user (err_configured),
// and is on the service's filesystem, not on / (unless it is the node's own
// directory, or allow_root_filesystem): err_generic naming it.
hanfs::Result<void> check_statd_dir(const Config& config, const hanfs::Host& host);

// Where one run's copy of the list lives: <statd_dir>/<agent_name>/<instance>/<host>
// (agent_name is "nfs-notify").
std::string copies_dir(const Config& config, std::string_view instance);
std::string copy_dir(const Config& config, std::string_view instance, std::string_view host);

}  // namespace hanfs::nfs_notify
