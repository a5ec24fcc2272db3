// nfs-notify: NSM reboot notification (SM_NOTIFY) from the floating
// addresses after a takeover, with the monitored-host list kept where it
// follows the service. The algorithm reads top-down in start.cpp, stop.cpp,
// monitor.cpp and validate.cpp; with service=NAME each action works on that
// nfs-server's own statd list and namespaces.
#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/config.h"
#include "common/nfs/service_action.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_notify {
namespace {

std::string service_of(const ActionContext& c) { return parse_config(c.params, c.host).value.service; }

}  // namespace

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = in_service(start, WhenServiceAbsent::fail, service_of),
      // The service gone, its sm-notify went with its network; stop still
      // ends what it recorded and forgets this activation, on the node.
      .stop = in_service(stop, WhenServiceAbsent::on_node, service_of),
      .monitor = in_service(monitor, WhenServiceAbsent::not_running, service_of),
      .validate = in_service(validate, WhenServiceAbsent::on_node, service_of),
      .default_timeout = std::chrono::seconds(20),
  };
  return agent;
}

}  // namespace hanfs::nfs_notify
