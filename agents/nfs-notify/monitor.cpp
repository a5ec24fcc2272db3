// monitor: 0 while the notification runs are in progress or done, 190 when
// the retry window is over and clients were never reached; 7 when not
// started. Meanwhile clients the node's statd has monitored since go into
// statd_dir, and records delivered from every address leave its sm.bak/.
// No fork: everything is read from files and /proc.
#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/notify_runs.h"
#include "agents/nfs-notify/config.h"
#include "common/ocf/log.h"
#include "common/sys/text_file.h"
#include "common/nfs/nfs_server.h"
#include "agents/nfs-notify/service_list.h"
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

hanfs::Result<RunProgress> progress_of(const Run& run) {
  RunProgress progress;
  for (const char* sub : {"sm", "sm.bak"}) {
    auto list = hanfs::read_host_list(run.dir, sub);
    if (!list) return hanfs::fail(list.error());
    progress.remaining = hanfs::merge_host_lists(progress.remaining, *list);
  }
  progress.alive = run.process && hanfs::process_alive(*run.process);
  if (!progress.remaining.empty() && !progress.alive) progress.last_log_line = last_line(run.dir + "/sm-notify.log");
  return progress;
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

  std::vector<RunProgress> progress;
  hanfs::HostList still_to_notify;
  for (const auto& run : activation->runs) {
    auto p = progress_of(run);
    if (!p) return p.error();
    still_to_notify = hanfs::merge_host_lists(still_to_notify, p->remaining);
    progress.push_back(std::move(*p));
  }

  auto lock = lock_statd_dir(*config, context.deadline);
  if (!lock) return lock.error();
  const auto owner = hanfs::statd_owner(config->node_statd_dir);
  auto followed = follow_node_list(*config, owner);
  if (!followed) return followed.error();
  if (*followed > 0)
    hanfs::log_info("recorded %zu client(s) this node's statd monitors in %s/sm", *followed,
                    config->statd_dir.c_str());
  if (auto r = forget_notified(*config, still_to_notify, owner); !r) return r.error();

  return assess(*activation, progress, boot_seconds());
}

}  // namespace hanfs::nfs_notify
