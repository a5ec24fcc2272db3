// nfs-export-fsid: NFS exports with an fsid that is the same on every node.
#include "agents/nfs-export-fsid/actions.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_export_fsid {

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

}  // namespace hanfs::nfs_export_fsid
