// stop: end this resource's own sm-notify processes (by pid and start time,
// never by name alone: those the state file records, and those /proc shows
// with this instance's -P copy), record the clients monitored here since the last monitor,
// keep every list. Not started, or a broken configuration: still 0, and a
// resource never started touches no statd_dir. statd_dir that does not
// answer within the timeout (frozen storage, a lock never released): 1
// naming it, because the service's list was not recorded (the cluster then
// fences rather than move the service without its clients).
#include <algorithm>
#include <utility>
#include <vector>

#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/notify_runs.h"
#include "agents/nfs-notify/config.h"
#include "common/ocf/log.h"
#include "common/sys/detached.h"
#include "agents/nfs-notify/service_list.h"
#include "agents/nfs-notify/statd_work.h"

namespace hanfs::nfs_notify {

using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

// Ends each (once); 1 naming the first that does not end.
Outcome end_all(const std::vector<std::pair<hanfs::ProcessId, std::string>>& processes, const Deadline& deadline) {
  std::vector<int> ended;
  for (const auto& [process, from] : processes) {
    if (std::find(ended.begin(), ended.end(), process.pid) != ended.end() || !hanfs::process_alive(process)) continue;
    hanfs::log_info("ending sm-notify %d (%s)", process.pid, from.c_str());
    if (!hanfs::end_process(process, deadline))
      return hanfs::outcome(OcfStatus::err_generic, "sm-notify " + std::to_string(process.pid) + " (" + from +
                                                        ") does not end: kill -9 it by hand");
    ended.push_back(process.pid);
  }
  return Outcome::success();
}

}  // namespace

Outcome stop(const hanfs::ActionContext& context) {
  const auto parsed = parse_config(context.params, context.host);
  const Config& config = parsed.for_stop();
  const auto store = state_file(context);
  auto values = store.read();
  std::vector<std::pair<hanfs::ProcessId, std::string>> processes;
  auto activation = values ? decode(*values) : hanfs::Result<Activation>(hanfs::fail(values.error()));
  if (activation) {
    for (const auto& run : activation->runs)
      if (run.process) processes.emplace_back(*run.process, "from " + run.host);
  } else if (activation.error().status != OcfStatus::not_running) {
    hanfs::log_warn("%s", activation.error().reason.c_str());
  }
  for (const auto& p : running_sm_notify_of_ours(config, context))
    processes.emplace_back(p, activation ? "of this resource" : "of this resource, found with no state file");
  if (auto ended = end_all(processes, context.deadline); !ended.ok()) return ended;
  if (!activation) {
    (void)store.remove();
    return Outcome::success();
  }

  // The clients monitored here since the last monitor belong to the service:
  // recorded whenever both directories parsed, whatever else is broken. A
  // list the storage refused is a warning, as a missing statd_dir is; a
  // storage that never answered is not.
  if (!config.statd_dir.empty() && !config.node_statd_dir.empty()) {
    const auto owner = config.owner();
    auto answer = run_statd_work(
        config,
        [&](StatdAnswer& a) {
          with_statd_lock(config, context.deadline, a, [&] {
            auto followed = follow_node_list(config, owner);
            if (followed) a.followed = *followed;
            else a.problem = followed.error();
          });
        },
        context.deadline);
    if (!answer)
      return hanfs::outcome(OcfStatus::err_generic,
                            "clients monitored here not recorded: " + answer.error().reason);
    if (answer->problem) hanfs::log_warn("%s", answer->problem->reason.c_str());
  }
  if (auto r = store.remove(); !r) return r.error();
  return Outcome::success();
}

}  // namespace hanfs::nfs_notify
