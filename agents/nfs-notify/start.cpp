// start: gather the service's list (the node's merged in), give every source
// address its own copy with statd's ownership, launch `sm-notify -d -f -v
// ADDR -P COPY` for each in its own session (with service=, inside that
// service's namespaces: it sends from the service's address), record the
// processes; with service=, wait for the clients to reclaim and end lockd's
// grace (reclaims.h); return.
// Everything below statd_dir (checks, lock, list, state number, copies) is
// one task bounded by the deadline (statd_work.h); sm-notify is spawned here.
#include <filesystem>

#include "agents/nfs-notify/actions.h"
#include "agents/nfs-notify/notify_runs.h"
#include "agents/nfs-notify/config.h"
#include "agents/nfs-notify/reclaims.h"
#include "common/nfs/service_server.h"
#include "common/ocf/log.h"
#include "common/sys/command.h"
#include "common/sys/detached.h"
#include "agents/nfs-notify/service_list.h"
#include "agents/nfs-notify/statd_work.h"

namespace hanfs::nfs_notify {

using hanfs::fail;
using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

// The number this takeover announces: one past what the service and this
// node have used, written back so the next takeover goes higher still.
hanfs::Result<int> announce_state(const Config& config, const hanfs::StatdOwner& owner) {
  const int service = hanfs::read_nsm_state(config.statd_dir).value_or(0);
  const int node = hanfs::read_nsm_state(config.node_statd_dir).value_or(0);
  const int current = std::max(service, node);
  if (config.args.keep_state) return current > 0 ? current : 1;
  const int next = hanfs::next_nsm_state(current);
  if (auto w = hanfs::write_nsm_state(config.statd_dir, next, owner); !w) return fail(w.error());
  return next;
}

hanfs::Result<void> prepare_copy(const Run& run, const hanfs::HostList& hosts, int nsm_state,
                                 const hanfs::StatdOwner& owner) {
  std::error_code ec;
  std::filesystem::remove_all(run.dir, ec);
  if (ec) return fail(OcfStatus::err_generic, "cannot clear " + run.dir + ": " + ec.message());
  if (auto r = hanfs::prepare_statd_dir(run.dir, owner, true); !r) return r;
  if (auto r = hanfs::write_host_list(run.dir, "sm", hosts, owner); !r) return r;
  return hanfs::write_nsm_state(run.dir, nsm_state, owner);
}

std::vector<std::string> sm_notify_argv(const std::string& binary, const Config& config, const Run& run,
                                        const hanfs::Host& host) {
  // -d: stay in the foreground, so the recorded pid is sm-notify itself.
  // -n: the agent has already set the state number in the copy.
  // -P: in a service, its copy as sm-notify sees it from inside.
  std::vector<std::string> argv{binary, "-d", "-f", "-n", "-m", std::to_string(config.retry_minutes),
                                "-v", run.host, "-P", hanfs::inside_path(host, run.dir)};
  if (config.args.port) argv.insert(argv.end(), {"-p", std::to_string(*config.args.port)});
  return argv;
}

void end_runs(const std::vector<Run>& runs, const hanfs::Deadline& deadline) {
  for (const auto& run : runs)
    if (run.process) (void)hanfs::end_process(*run.process, deadline);
}

// In the task: statd_dir checked and locked, the list taken, the number
// announced, every source address given its copy.
void gather_and_copy(const Config& config, const hanfs::ActionContext& context, const hanfs::StatdOwner& owner,
                     StatdAnswer& answer) {
  if (auto dir = check_statd_dir(config, context.host); !dir) {
    answer.problem = dir.error();
    return;
  }
  with_statd_lock(config, context.deadline, answer, [&] {
    auto hosts = take_notify_list(config, owner, answer.notes);
    if (!hosts) return void(answer.problem = hosts.error());
    auto nsm_state = announce_state(config, owner);
    if (!nsm_state) return void(answer.problem = nsm_state.error());
    answer.nsm_state = *nsm_state;
    answer.clients = hosts->size();
    for (const auto& [name, records] : *hosts) answer.awaited.push_back(name);
    std::error_code ec;
    std::filesystem::remove_all(copies_dir(config, context.env.instance()), ec);
    for (const auto& host : config.source_hosts) {
      const Run run{host, copy_dir(config, context.env.instance(), host), std::nullopt};
      if (auto r = prepare_copy(run, *hosts, *nsm_state, owner); !r) return void(answer.problem = r.error());
    }
  });
}

}  // namespace

Outcome start(const hanfs::ActionContext& context) {
  const auto store = state_file(context);
  if (store.exists()) {
    hanfs::log_info("clients already notified for this activation");
    return Outcome::success();
  }
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  auto binary = find_sm_notify();
  if (!binary) return binary.error();
  // Before statd_dir is touched: a name that does not resolve changes nothing.
  if (auto names = check_source_names(*config, context.host, context.deadline); !names) return names.error();

  // The node's own directory (local): read here.
  const auto owner = config->owner();
  auto answer = run_statd_work(
      *config, [&](StatdAnswer& a) { gather_and_copy(*config, context, owner, a); }, context.deadline);
  if (!answer) return answer.error();
  if (answer->problem) return *answer->problem;

  Activation activation{boot_seconds(), config->retry_minutes, {}};
  // A record written from now on is a reclaim's (reclaims.h).
  const auto since = WallClock::now();
  for (const auto& host : config->source_hosts) {
    Run run{host, copy_dir(*config, context.env.instance(), host), std::nullopt};
    if (answer->clients == 0) {
      // sm-notify with nothing to do would lift lockd's grace period for the
      // whole net, cutting short the reclaims other addresses' clients make
      // (in a service, nfs-server has ended it already: no client).
      hanfs::log_info("no clients to notify from %s", host.c_str());
    } else {
      const auto argv = sm_notify_argv(*binary, *config, run, context.host);
      hanfs::log_info("notifying %zu client(s): %s", answer->clients, hanfs::quote_argv(argv).c_str());
      auto process = hanfs::spawn_detached(argv, context.deadline,
                                           {.output_file = run.dir + "/sm-notify.log",
                                            .extra_env = {},
                                            .namespace_dir = context.host.namespace_dir});
      if (!process) {
        end_runs(activation.runs, context.deadline);
        return process.error();
      }
      run.process = *process;
    }
    activation.runs.push_back(std::move(run));
  }
  if (auto w = store.write(encode(activation)); !w) {
    end_runs(activation.runs, context.deadline);
    return w.error();
  }
  // The service's net is its own: its lockd's grace ends once its clients
  // are back (a node's lockd serves other addresses' clients too).
  if (!config->service.empty() && answer->clients > 0)
    end_grace_once_reclaimed(*config, context, activation, std::move(answer->awaited), since);
  return Outcome::success();
}

}  // namespace hanfs::nfs_notify
