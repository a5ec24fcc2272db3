// The resource's configuration (where the service's NFSv4 client records
// live, the server scope, the thread count) and what this node must offer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"
#include "common/ocf/parameters.h"
#include "common/sys/host.h"
#include "common/sys/mounts.h"

namespace hanfs::nfs_grace {

struct Config {
  std::string recovery_dir;  // on the service's shared filesystem; "" when it did not parse
  std::string scope;
  int threads = 0;           // 0: as many as run now
  std::string tracker_dir;   // this node's nfsdcltrack directory; "" when it did not parse
  bool allow_root_filesystem = false;  // recovery_dir may be on /

  // The records nfsdcltrack keeps, and the kernel's legacy tracker's.
  std::string tracker_records() const { return recovery_dir + "/nfsdcltrack"; }
  std::string legacy_records() const { return recovery_dir + "/v4recovery"; }
  // Started here: the service's records are bound over the tracker's, as
  // the mount table shows (false when either directory did not parse).
  bool records_bound(const std::vector<hanfs::MountEntry>& mounts) const;
};

// Pure: the threads to start again, given how many run now.
int threads_after_restart(const Config& config, int running);

// The one parser: every value that parsed, a problem (err_configured) for
// each that did not. tracker_dir's default is the host's
// <var_lib_nfs>/nfsdcltrack (/var/lib/nfs/nfsdcltrack on a node).
hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host);

// The kernel NFS server is there and no nfsdcld holds the records on this
// node; err_installed naming what to do.
hanfs::Result<void> check_node(const hanfs::Host& host);

// recovery_dir is on the service's filesystem, not on / (unless
// allow_root_filesystem): err_generic naming it otherwise.
hanfs::Result<void> check_records_filesystem(const Config& config, const hanfs::Host& host);

// Where a node's legacy tracker keeps its records when no service has them:
// <var_lib_nfs>/v4recovery.
std::string node_legacy_records(const hanfs::Host& host);

}  // namespace hanfs::nfs_grace
