// monitor: serving when the kernel shows all of it (the pinned namespaces,
// the four daemons in the service's network namespace, nfsd threads; the
// address is nfs-address's); 7 only when the namespaces are not pinned at
// all; anything between is 1 with what is missing.
#include "agents/nfs-server/actions.h"
#include "agents/nfs-server/config.h"
#include "agents/nfs-server/view.h"

namespace hanfs::nfs_server {

using hanfs::OcfStatus;
using hanfs::Outcome;

Outcome monitor(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  auto view = read_view(*config, context);
  if (!view) return hanfs::outcome(OcfStatus::err_generic, view.error().reason);
  const std::string& name = config->server.name;
  const auto failed = [&](const std::string& what) {
    return hanfs::outcome(OcfStatus::err_generic, "service " + name + ": " + what);
  };
  if (view->none()) return hanfs::outcome(OcfStatus::not_running);
  if (view->pins < 3)
    return failed("its namespaces are half there (" + std::to_string(view->pins) +
                  " of 3 pinned: a start or stop was cut short; either completes it)");
  if (!view->missing_daemons.empty())
    return failed(view->missing_daemons.front() + " is not running in its namespace");
  if (view->threads.value_or(0) == 0) return failed("no nfsd threads: its clients get no answer");
  return Outcome::success();
}

}  // namespace hanfs::nfs_server
