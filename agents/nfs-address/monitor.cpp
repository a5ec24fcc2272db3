// monitor: running when the service's interface is up in its network
// namespace and holds the address (the kernel's view, `ip` inside); 7 when
// the service has no namespace here, or it has and the address is not on
// it; 1 when the namespaces are half there or cannot be read.
#include "agents/nfs-address/actions.h"
#include "agents/nfs-address/config.h"
#include "common/net/floating_address.h"
#include "common/sys/mounts.h"
#include "common/sys/namespaces.h"

namespace hanfs::nfs_address {

using hanfs::OcfStatus;
using hanfs::Outcome;

Outcome monitor(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  const int pins = hanfs::pins_mounted(hanfs::read_mounts(context.host), config->pins);
  if (pins == 0) return hanfs::outcome(OcfStatus::not_running);
  if (pins < 3)
    return hanfs::outcome(OcfStatus::err_generic,
                          "service " + config->service + "'s namespaces are half there (" + std::to_string(pins) +
                              " of 3 pinned): its address cannot be read");
  auto up = hanfs::address_up(context.host, config->pins, config->address, context.deadline);
  if (!up) return hanfs::outcome(OcfStatus::err_generic, up.error().reason);
  return *up ? Outcome::success() : hanfs::outcome(OcfStatus::not_running);
}

}  // namespace hanfs::nfs_address
