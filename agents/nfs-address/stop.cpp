// stop: the service's interface deleted in its network namespace, and the
// address with it, before the service's exports go (this resource follows
// them in the group, so it stops before them): no client reaches an export
// going away.
// No namespace: nothing to take down, 0. Takes the configuration that
// parsed, as start would have used it.
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

Outcome stop(const hanfs::ActionContext& context) {
  const Config config = parse_config(context.params, context.host).value;
  // No service that parsed: start never ran for it.
  if (config.service.empty()) return Outcome::success();
  auto lock = hanfs::FileLock::acquire(hanfs::service_lock_path(context.host, config.service), context.deadline);
  if (!lock) return lock.error();
  const int pins = hanfs::pins_mounted(hanfs::read_mounts(context.host), config.pins);
  if (pins == 0) return Outcome::success();
  if (pins < 3) {
    // Only nfs-server's stop leaves part of the pins, after its own taking
    // down of the address; it comes next and ends the rest.
    hanfs::log_warn("service %s's namespaces are half there (%d of 3 pins): its nfs-server's stop ends them",
                    config.service.c_str(), pins);
    return Outcome::success();
  }
  if (auto down = hanfs::take_address_down(context.host, config.pins, context.deadline); !down) return down.error();
  hanfs::log_info("service %s: its address down (%s deleted)", config.service.c_str(),
                  std::string(hanfs::kServiceInterface).c_str());
  return Outcome::success();
}

}  // namespace hanfs::nfs_address
