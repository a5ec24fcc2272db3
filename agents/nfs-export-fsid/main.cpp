// nfs-export-fsid: NFS exports with an fsid that is the same on every node.
#include "agents/nfs-export-fsid/actions.h"
#include "common/ocf/embedded_metadata.h"

int main(int argc, char** argv) {
  using namespace hanfs;
  AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = export_fsid::start,
      .stop = export_fsid::stop,
      .monitor = export_fsid::monitor,
      .validate = export_fsid::validate,
      .reload_agent = {},
      .default_timeout = std::chrono::milliseconds(60000),
  };
  return run_agent(agent, argc, argv);
}
