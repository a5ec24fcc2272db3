#include "common/nfs/service_action.h"

#include "common/nfs/service_server.h"
#include "common/ocf/log.h"

namespace hanfs {

ActionHandler in_service(Action action, WhenServiceAbsent absent, std::string (*service_of)(const ActionContext&)) {
  return [action, absent, service_of](const ActionContext& c) -> Outcome {
    const std::string service = service_of(c);
    if (service.empty()) return action(c);
    auto inside = service_host(c.host, service);
    if (inside) {
      const ActionContext in_ns{c.env, c.metadata, c.params, c.deadline, *inside, c.params_valid, c.check_level};
      return action(in_ns);
    }
    const Outcome& why = inside.error();
    if (why.status != OcfStatus::not_running || absent == WhenServiceAbsent::fail)
      return outcome(why.status == OcfStatus::not_running ? OcfStatus::err_generic : why.status,
                     why.reason + ": order this resource after nfs-server name=" + service);
    switch (absent) {
      case WhenServiceAbsent::done:
        log_info("%s: what it served went with its network", why.reason.c_str());
        return Outcome::success();
      case WhenServiceAbsent::on_node:
        return action(c);
      default:
        return outcome(OcfStatus::not_running, why.reason);
    }
  };
}

}  // namespace hanfs
