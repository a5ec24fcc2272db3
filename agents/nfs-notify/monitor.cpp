// monitor: 0 while the notification runs are in progress or done, 190 when
// the retry window is over and clients were never reached; 7 when not
// started. Meanwhile clients the node's statd has monitored since go into
// statd_dir, and records delivered from every address leave its sm.bak/.
// One fork: everything below statd_dir (the copies' progress, the lock, the
// merge) is one task bounded by the deadline (statd_work.h); /proc and the
// state file (local) are read here.
#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/notify_runs.h"
#include "agents/nfs-notify/config.h"
#include "common/nfs/lockd_grace.h"
#include "common/ocf/log.h"
#include "common/sys/text_file.h"
#include "common/nfs/nfs_server.h"
#include "agents/nfs-notify/service_list.h"
#include "agents/nfs-notify/statd_work.h"
#include "common/core/text.h"

namespace hanfs::nfs_notify {

using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

std::string last_line(const std::string& path) {
  auto content = hanfs::read_text_file(path, true);
  if (!content) return {};
  const auto lines = hanfs::text::lines(*content);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (!hanfs::text::trim(*it).empty()) return std::string(hanfs::text::trim(*it)).substr(0, 200);
  return {};
}

// In the task: what each run's copy still lists (and, for a run whose
// sm-notify is gone, its last words), then the node's clients recorded and
// the delivered ones dropped from sm.bak/, under the lock.
void follow_runs(const Config& config, std::string_view instance, const Activation& activation,
                 const std::vector<bool>& alive, bool keep_until_back, const hanfs::StatdOwner& owner,
                 const hanfs::Deadline& deadline, StatdAnswer& answer) {
  with_statd_lock(config, deadline, answer, [&] {
    hanfs::HostList still_to_notify;
    for (std::size_t i = 0; i < activation.runs.size(); ++i) {
      Run run = activation.runs[i];
      // The copy's path as this action reaches it: in a service, through
      // the daemon that answers now (the recorded one names the
      // /proc/PID/root of the daemon at start).
      run.dir = copy_dir(config, instance, run.host);
      RunProgress progress;
      for (const char* sub : {"sm", "sm.bak"}) {
        auto list = hanfs::read_host_list(run.dir, sub);
        if (!list) return void(answer.problem = list.error());
        progress.remaining = hanfs::merge_host_lists(progress.remaining, *list);
      }
      if (!progress.remaining.empty() && !alive[i]) progress.last_log_line = last_line(run.dir + "/sm-notify.log");
      still_to_notify = hanfs::merge_host_lists(still_to_notify, progress.remaining);
      answer.progress.push_back(std::move(progress));
    }
    auto followed = follow_node_list(config, owner);
    if (!followed) return void(answer.problem = followed.error());
    answer.followed = *followed;
    if (auto r = forget_notified(config, still_to_notify, keep_until_back, owner, answer.notes); !r)
      answer.problem = r.error();
  });
}

}  // namespace

Outcome monitor(const hanfs::ActionContext& context) {
  auto values = state_file(context).read();
  if (!values) {
    if (values.error().status != OcfStatus::not_running) return values.error();
    // No record, but an sm-notify of ours may still run (start killed
    // before its state write, HA_RSCTMP lost): that is not "stopped".
    const auto running = running_sm_notify_of_ours(parse_config(context.params, context.host).value, context);
    if (running.empty()) return hanfs::outcome(OcfStatus::not_running);
    return hanfs::outcome(OcfStatus::err_generic, "sm-notify " + std::to_string(running.front().pid) +
                                                      " of this resource runs, but there is no record of starting "
                                                      "it (state file lost or start interrupted): stop ends it");
  }
  auto activation = decode(*values);
  if (!activation) return activation.error();
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();

  std::vector<bool> alive;
  for (const auto& run : activation->runs) alive.push_back(run.process && hanfs::process_alive(*run.process));
  // The node's own directory (local): read here.
  const auto owner = config->owner();
  // A service in grace may still hear reclaims from clients delivered to:
  // their records stay in sm.bak (unknown counts as in grace).
  bool keep_until_back = false;
  if (!config->service.empty()) {
    const auto in_grace = hanfs::net_in_grace(context.host, context.deadline);
    keep_until_back = !in_grace || *in_grace;
  }
  auto answer = run_statd_work(
      *config,
      [&](StatdAnswer& a) {
        follow_runs(*config, context.env.instance(), *activation, alive, keep_until_back, owner, context.deadline, a);
      },
      context.deadline);
  if (!answer) return answer.error();
  if (answer->problem) return *answer->problem;
  if (answer->progress.size() != activation->runs.size())
    return hanfs::outcome(OcfStatus::err_generic, "the statd_dir task answered for " +
                                                      std::to_string(answer->progress.size()) + " of " +
                                                      std::to_string(activation->runs.size()) + " runs");
  for (std::size_t i = 0; i < alive.size(); ++i) answer->progress[i].alive = alive[i];
  if (answer->followed > 0)
    hanfs::log_info("recorded %zu client(s) this node's statd monitors in %s/sm", answer->followed,
                    config->statd_dir.c_str());

  return assess(*activation, answer->progress, boot_seconds());
}

}  // namespace hanfs::nfs_notify
