// nfs-server: the service's own kernel NFS server, in namespaces of its
// own (its floating address is nfs-address's). The algorithm reads top-down in
// start.cpp, stop.cpp, monitor.cpp and validate.cpp; what the kernel shows
// of a service is view.h.
#include "agents/nfs-server/actions.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_server {

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

}  // namespace hanfs::nfs_server
