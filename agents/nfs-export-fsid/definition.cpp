// nfs-export-fsid: NFS exports with an fsid that is the same on every node.
#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/config.h"
#include "common/nfs/service_server.h"
#include "common/ocf/embedded_metadata.h"
#include "common/ocf/log.h"

namespace hanfs::nfs_export_fsid {
namespace {

// What an action makes of a service (service=) with no namespaces here.
enum class WhenServiceAbsent { fail, not_running, done };

// With service=NAME the action works on that service's own server: the
// same action, on the node as seen from inside its namespaces.
ActionHandler in_service(Outcome (*action)(const ActionContext&), WhenServiceAbsent absent) {
  return [action, absent](const ActionContext& c) -> Outcome {
    const std::string service = parse_config(c.params).value.service;
    if (service.empty()) return action(c);
    auto inside = service_host(c.host, service);
    if (!inside) {
      if (inside.error().status != OcfStatus::not_running || absent == WhenServiceAbsent::fail)
        return outcome(inside.error().status == OcfStatus::not_running ? OcfStatus::err_generic
                                                                       : inside.error().status,
                       inside.error().reason + ": order this resource after nfs-server name=" + service);
      if (absent == WhenServiceAbsent::done) {
        log_info("%s: its exports went with its network", inside.error().reason.c_str());
        return Outcome::success();
      }
      return outcome(OcfStatus::not_running, inside.error().reason);
    }
    const ActionContext in_ns{c.env, c.metadata, c.params, c.deadline, *inside, c.params_valid, c.check_level};
    return action(in_ns);
  };
}

}  // namespace

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = in_service(start, WhenServiceAbsent::fail),
      .stop = in_service(stop, WhenServiceAbsent::done),
      .monitor = in_service(monitor, WhenServiceAbsent::not_running),
      .validate = validate,
      .default_timeout = std::chrono::seconds(60),
  };
  return agent;
}

}  // namespace hanfs::nfs_export_fsid
