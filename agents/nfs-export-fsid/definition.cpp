// nfs-export-fsid: NFS exports with an fsid that is the same on every node.
// With service=NAME each action works on that service's own server.
#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/config.h"
#include "common/nfs/service_action.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_export_fsid {
namespace {

std::string service_of(const ActionContext& c) { return parse_config(c.params).value.service; }

}  // namespace

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = in_service(start, WhenServiceAbsent::fail, service_of),
      .stop = in_service(stop, WhenServiceAbsent::done, service_of),
      .monitor = in_service(monitor, WhenServiceAbsent::not_running, service_of),
      .validate = validate,
      .default_timeout = std::chrono::seconds(60),
  };
  return agent;
}

}  // namespace hanfs::nfs_export_fsid
