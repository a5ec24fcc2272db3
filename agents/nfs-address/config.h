// The resource's configuration: the service whose network namespace holds
// the address, and the address itself.
#pragma once

#include <string>

#include "common/core/ocf_status.h"
#include "common/net/floating_address.h"
#include "common/ocf/parameters.h"
#include "common/sys/host.h"

namespace hanfs::nfs_address {

struct Config {
  std::string service;             // an nfs-server's name
  std::string pins;                // its namespaces (namespace_dir)
  hanfs::FloatingAddress address;  // nic "" until found at start
};

// The one parser: every value that parsed, a problem (err_configured) for
// each that did not.
hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host);

// `ip` and `sysctl` are here: err_installed naming the missing one.
hanfs::Result<void> check_node();

}  // namespace hanfs::nfs_address
