// nfs-grace: a fresh NFS grace period on the node that takes the service
// over, with the service's NFSv4 client records and server scope, so its
// clients reclaim their state there. The algorithm reads top-down in
// start.cpp, stop.cpp, monitor.cpp and validate.cpp.
#include "agents/nfs-grace/actions.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_grace {

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = start,
      .stop = stop,
      .monitor = monitor,
      .validate = validate,
      .default_timeout = std::chrono::seconds(60),
  };
  return agent;
}

}  // namespace hanfs::nfs_grace
