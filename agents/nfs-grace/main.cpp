// nfs-grace: a fresh NFS grace period on the node that takes the service
// over, with the service's NFSv4 client records and server scope, so its
// clients reclaim their state there. The algorithm reads top-down in
// start.cpp, stop.cpp, monitor.cpp and validate.cpp.
#include "agents/nfs-grace/actions.h"
#include "common/ocf/embedded_metadata.h"

int main(int argc, char** argv) {
  const hanfs::AgentDefinition agent{
      .metadata_xml = hanfs::embedded_metadata(),
      .start = nfs_grace::start,
      .stop = nfs_grace::stop,
      .monitor = nfs_grace::monitor,
      .validate = nfs_grace::validate,
      .reload_agent = {},
      .default_timeout = std::chrono::seconds(60),
  };
  return hanfs::run_agent(agent, argc, argv);
}
