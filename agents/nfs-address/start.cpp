// start: the address up in the service's network namespace, once its
// nfs-server has made it: a macvlan of nic straight into the namespace, the
// address, the node's default route, the link up with a gratuitous ARP.
// What a start cut short left is completed. Already up: 0. No server of
// the service here: nothing is made (there is no namespace to make it in).
#include "agents/nfs-address/actions.h"
#include "agents/nfs-address/config.h"
#include "common/net/floating_address.h"
#include "common/nfs/service_server.h"
#include "common/ocf/log.h"
#include "common/sys/file_lock.h"
#include "common/sys/mounts.h"
#include "common/sys/namespaces.h"

namespace hanfs::nfs_address {

using hanfs::OcfStatus;
using hanfs::Outcome;

Outcome start(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto node = check_node(); !node) return node.error();
  // Not while the service's nfs-server acts on its namespaces.
  auto lock = hanfs::FileLock::acquire(hanfs::service_lock_path(context.host, config->service), context.deadline);
  if (!lock) return lock.error();
  if (hanfs::pins_mounted(hanfs::read_mounts(context.host), config->pins) != 3)
    return hanfs::outcome(OcfStatus::err_generic,
                          "service " + config->service + " has no server on this node: nfs-server name=" +
                              config->service + " starts before this resource (the same group, before it)");
  auto up = hanfs::address_up(context.host, config->pins, config->address, context.deadline);
  if (!up) return up.error();
  if (*up) return Outcome::success();

  if (config->address.nic.empty()) {
    auto nic = hanfs::interface_for(context.host, config->address.ip, context.deadline);
    if (!nic) return nic.error();
    config->address.nic = *nic;
  }
  if (auto made = hanfs::bring_address_up(context.host, config->pins, config->address, context.deadline); !made)
    return made.error();
  hanfs::log_info("service %s: %s/%d up on a macvlan of %s", config->service.c_str(), config->address.ip.c_str(),
                  config->address.prefix, config->address.nic.c_str());
  return Outcome::success();
}

}  // namespace hanfs::nfs_address
