// validate-all: the parameters, the sm-notify binary, statd_dir's existence
// and ownership (in one task: it is on shared storage), and that every
// source host resolves; nothing is changed.
#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/config.h"
#include "agents/nfs-notify/statd_work.h"
#include "common/ocf/log.h"
#include "common/nfs/statd_state.h"

namespace hanfs::nfs_notify {

hanfs::Outcome validate(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto binary = find_sm_notify(); !binary) return binary.error();
  // statd_dir is on shared storage: checked in a task bounded by the deadline.
  // A service not running here has no list on this node to check.
  if (config->statd_dir.empty()) {
    hanfs::log_info("service %s is not running on this node: its statd list is not checked", config->service.c_str());
  } else {
    auto checked = run_statd_work(
        *config,
        [&](StatdAnswer& a) {
          if (auto dir = check_statd_dir(*config, context.host); !dir) a.problem = dir.error();
        },
        context.deadline);
    if (!checked) return checked.error();
    if (checked->problem) return *checked->problem;
  }
  if (auto names = check_source_names(*config, context.host, context.deadline); !names) return names.error();
  const auto owner = config->owner();
  if (owner.uid == 0)
    hanfs::log_warn("no statd user found (no %s/sm, no user statd or rpcuser): sm-notify will run as root",
                    config->node_statd_dir.c_str());
  return hanfs::Outcome::success();
}

}  // namespace hanfs::nfs_notify
