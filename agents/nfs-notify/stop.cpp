// stop: end this resource's own sm-notify processes (by pid and start time,
// never by name), record the clients monitored here since the last monitor,
// keep every list. Not started, or a broken configuration: still 0.
#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/notify_runs.h"
#include "agents/nfs-notify/config.h"
#include "common/ocf/log.h"
#include "common/sys/detached.h"
#include "agents/nfs-notify/service_list.h"

namespace hanfs::nfs_notify {

using hanfs::OcfStatus;
using hanfs::Outcome;

Outcome stop(const hanfs::ActionContext& context) {
  const auto store = state_file(context);
  auto values = store.read();
  if (!values) {
    if (values.error().status == OcfStatus::not_running) return Outcome::success();
    hanfs::log_warn("%s", values.error().reason.c_str());
    (void)store.remove();
    return Outcome::success();
  }
  auto activation = decode(*values);
  if (activation) {
    for (const auto& run : activation->runs) {
      if (!run.process || !hanfs::process_alive(*run.process)) continue;
      hanfs::log_info("ending sm-notify %d (from %s)", run.process->pid, run.host.c_str());
      if (!hanfs::end_process(*run.process, context.deadline))
        return hanfs::outcome(OcfStatus::err_generic,
                              "sm-notify " + std::to_string(run.process->pid) + " (from " + run.host +
                                  ") does not end: kill -9 it by hand");
    }
  } else {
    hanfs::log_warn("%s", activation.error().reason.c_str());
  }

  // The clients monitored here since the last monitor belong to the service:
  // recorded whenever both directories parsed, whatever else is broken.
  const auto parsed = parse_config(context.params, context.host);
  const Config& config = parsed.for_stop();
  if (!config.statd_dir.empty() && !config.node_statd_dir.empty()) {
    auto lock = lock_statd_dir(config, context.deadline);
    if (lock) {
      auto followed = follow_node_list(config, hanfs::statd_owner(config.node_statd_dir));
      if (!followed) hanfs::log_warn("%s", followed.error().reason.c_str());
    } else {
      hanfs::log_warn("%s", lock.error().reason.c_str());
    }
  }
  if (auto r = store.remove(); !r) return r.error();
  return Outcome::success();
}

}  // namespace hanfs::nfs_notify
