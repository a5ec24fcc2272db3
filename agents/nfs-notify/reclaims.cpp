#include "agents/nfs-notify/reclaims.h"

#include <algorithm>
#include <thread>

#include "agents/nfs-notify/statd_work.h"
#include "common/nfs/lockd_grace.h"
#include "common/ocf/log.h"

namespace hanfs::nfs_notify {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPoll{250};
// Left of the deadline when the wait gives up: the last task, the write
// and the answer to Pacemaker.
constexpr milliseconds kReserve{1500};

// In the task: who of NOTIFIED is still awaited.
void read_awaited(const Config& config, std::string_view instance, const Activation& activation,
                  const std::vector<std::string>& notified, StatdAnswer& answer) {
  auto monitored = hanfs::read_host_list(config.statd_dir, "sm");
  if (!monitored) return void(answer.problem = monitored.error());
  hanfs::HostList undelivered;
  for (const Run& run : activation.runs)
    for (const char* sub : {"sm", "sm.bak"}) {
      auto list = hanfs::read_host_list(copy_dir(config, instance, run.host), sub);
      if (!list) return void(answer.problem = list.error());
      undelivered = hanfs::merge_host_lists(undelivered, *list);
    }
  answer.awaited = awaited_reclaims(notified, *monitored, undelivered);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::vector<std::string> awaited_reclaims(const std::vector<std::string>& notified, const hanfs::HostList& monitored,
                                          const hanfs::HostList& undelivered) {
  std::vector<std::string> awaited;
  for (const auto& name : notified)
    if (undelivered.contains(name) || !monitored.contains(name)) awaited.push_back(name);
  return awaited;
}

void end_grace_once_reclaimed(const Config& config, const hanfs::ActionContext& context,
                              const Activation& activation, std::vector<std::string> notified) {
  const auto started = Clock::now();
  const std::size_t clients = notified.size();
  const auto time_left = [&] { return context.deadline.remaining() > kReserve + kSettle; };
  while (!notified.empty() && time_left()) {
    std::this_thread::sleep_for(kPoll);
    const hanfs::Deadline poll(std::min(context.deadline.remaining() - kReserve, milliseconds(3000)));
    auto answer = run_statd_work(
        config, [&](StatdAnswer& a) { read_awaited(config, context.env.instance(), activation, notified, a); }, poll);
    if (!answer || answer->problem) {
      hanfs::log_warn("cannot follow the reclaims (%s): lockd's grace runs its course",
                         (!answer ? answer.error() : *answer->problem).reason.c_str());
      return;
    }
    notified = std::move(answer->awaited);
  }
  if (!notified.empty()) {
    std::string names;
    for (const auto& name : notified) names += (names.empty() ? "" : ", ") + name;
    hanfs::log_info("%zu of %zu client(s) not back after %.1f s (%s): lockd's grace runs its course",
                    notified.size(), clients, seconds_since(started), names.c_str());
    return;
  }
  std::this_thread::sleep_for(kSettle);
  if (auto ended = hanfs::end_lockd_grace(context.host, context.deadline); !ended) {
    hanfs::log_warn("%s: it runs its course", ended.error().reason.c_str());
    return;
  }
  hanfs::log_info("all %zu client(s) reclaimed: lockd's grace ended %.1f s after the notification", clients,
                  seconds_since(started));
}

}  // namespace hanfs::nfs_notify
