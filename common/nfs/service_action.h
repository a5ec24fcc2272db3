// An agent's action on one NFS service's own server (the agents' service=
// parameter): the same action, handed the node as seen from inside the
// service's namespaces (service_host in service_server.h). Where the
// service has no namespaces on this node, nothing of it can be served, so
// the action does not run: what it answers then is the caller's choice.
#pragma once

#include <string_view>

#include "common/ocf/agent.h"

namespace hanfs {

enum class WhenServiceAbsent {
  fail,         // start: 1, naming the nfs-server to order it after
  not_running,  // monitor: 7
  done,         // stop: 0, what it served went with the service's network
  on_node,      // the action runs on the node (its own records only)
};

using Action = Outcome (*)(const ActionContext&);

// SERVICE_OF reads the service's name from the action's parameters ("" for
// the node's own server, where ACTION runs unchanged).
ActionHandler in_service(Action action, WhenServiceAbsent absent,
                         std::string (*service_of)(const ActionContext&));

}  // namespace hanfs
