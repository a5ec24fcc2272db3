// nfs-address: a service's floating address, inside the network namespace
// its nfs-server made, last in the group so that it is the first thing a
// stop takes away. The algorithm reads top-down in start.cpp, stop.cpp,
// monitor.cpp and validate.cpp; the mechanism is common/net.
#include "agents/nfs-address/actions.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_address {

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = start,
      .stop = stop,
      .monitor = monitor,
      .validate = validate,
      .default_timeout = std::chrono::seconds(20),
  };
  return agent;
}

}  // namespace hanfs::nfs_address
