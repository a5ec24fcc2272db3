// The resource's configuration (the service's name, state directory,
// address and NFS times) and what this node must offer. The address itself
// is nfs-address's: the server only needs it to release the NLM locks
// taken through it at stop.
#pragma once

#include <string>

#include "common/core/ocf_status.h"
#include "common/nfs/service_server.h"
#include "common/ocf/parameters.h"
#include "common/sys/host.h"

namespace hanfs::nfs_server {

struct Config {
  hanfs::ServiceServer server;     // name, pins, state_dir
  std::string ip;                  // the service's floating address
  int threads = 8;
  int grace_time = 90;
  int lease_time = 90;
  int nlm_grace_time = 30;
};

// The one parser: every value that parsed, a problem (err_configured) for
// each that did not.
hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host);

// The kernel NFS server and the programs the service runs are here:
// err_installed naming what is missing.
hanfs::Result<void> check_node(const hanfs::Host& host);

// lockd's grace for a start: the shortest the kernel has (10 s) when no
// NFSv3 client held a lock, else nlm_grace_time.
int nlm_grace_for(const Config& config, bool nfsv3_clients);

}  // namespace hanfs::nfs_server
