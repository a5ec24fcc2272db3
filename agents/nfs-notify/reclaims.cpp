#include "agents/nfs-notify/reclaims.h"

#include <sys/stat.h>

#include <algorithm>
#include <thread>

#include "agents/nfs-notify/statd_work.h"
#include "common/nfs/lockd_grace.h"
#include "common/ocf/log.h"
#include "common/sys/text_file.h"

namespace hanfs::nfs_notify {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds kPoll{500};
// Left of the deadline for the last poll, the write and the answer.
constexpr milliseconds kReserve{1500};
constexpr milliseconds kPollBudget{3000};

WallClock::time_point modified(const struct stat& st) {
  return WallClock::time_point(std::chrono::duration_cast<WallClock::duration>(
      std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
}

// In the task: who of NOTIFIED is still awaited, and the device of the
// service's filesystem (statd_dir is on it).
void read_awaited(const Config& config, std::string_view instance, const Activation& activation,
                  const std::vector<std::string>& notified, WallClock::time_point since, StatdAnswer& answer) {
  struct stat dir {};
  if (::stat(config.statd_dir.c_str(), &dir) != 0)
    return void(answer.problem = hanfs::Outcome{OcfStatus::err_generic, "statd_dir " + config.statd_dir + " is not there"});
  answer.device = static_cast<std::uint64_t>(dir.st_dev);
  std::map<std::string, WallClock::time_point> written;
  for (const auto& name : notified) {
    struct stat st {};
    const std::string record = config.statd_dir + "/sm/" + name;
    if (::lstat(record.c_str(), &st) == 0 && S_ISREG(st.st_mode)) written.emplace(name, modified(st));
  }
  hanfs::HostList undelivered;
  for (const Run& run : activation.runs)
    for (const char* sub : {"sm", "sm.bak"}) {
      auto list = hanfs::read_host_list(copy_dir(config, instance, run.host), sub);
      if (!list) return void(answer.problem = list.error());
      undelivered = hanfs::merge_host_lists(undelivered, *list);
    }
  answer.awaited = awaited_reclaims(notified, written, undelivered, since);
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string names_of(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

std::vector<std::string> awaited_reclaims(const std::vector<std::string>& notified,
                                          const std::map<std::string, WallClock::time_point>& written,
                                          const hanfs::HostList& undelivered, WallClock::time_point since) {
  std::vector<std::string> awaited;
  for (const auto& name : notified) {
    const auto record = written.find(name);
    if (undelivered.contains(name) || record == written.end() || record->second < since) awaited.push_back(name);
  }
  return awaited;
}

bool ReclaimsSettle::settled(Clock::time_point now, std::size_t awaited, std::size_t locks) {
  if (awaited > 0 || locks_ != locks) quiet_since_ = now;
  locks_ = locks;
  return awaited == 0 && now - quiet_since_ >= kQuiet;
}

void end_grace_once_reclaimed(const Config& config, const hanfs::ActionContext& context,
                              const Activation& activation, std::vector<std::string> awaited,
                              WallClock::time_point since) {
  const auto started = Clock::now();
  const std::size_t clients = awaited.size();
  const std::string proc_locks = context.host.proc + "/locks";
  ReclaimsSettle settle;
  for (;;) {
    if (context.deadline.remaining() < kReserve + kPoll + milliseconds(500)) {
      hanfs::log_info("%zu of %zu client(s) not back, or their reclaims not settled, after %.1f s (%s): lockd's "
                      "grace runs its course",
                      awaited.size(), clients, seconds_since(started), names_of(awaited).c_str());
      return;
    }
    std::this_thread::sleep_for(kPoll);
    const hanfs::Deadline poll(std::min(context.deadline.remaining() - kReserve, kPollBudget));
    if (auto in_grace = hanfs::net_in_grace(context.host, poll); !in_grace || !*in_grace) {
      if (!in_grace) hanfs::log_warn("%s: lockd's grace runs its course", in_grace.error().reason.c_str());
      else hanfs::log_info("the service's grace ended by itself %.1f s after the notification", seconds_since(started));
      return;
    }
    auto answer = run_statd_work(
        config, [&](StatdAnswer& a) { read_awaited(config, context.env.instance(), activation, awaited, since, a); },
        poll);
    if (!answer || answer->problem) {
      hanfs::log_warn("cannot follow the reclaims (%s): lockd's grace runs its course",
                      (!answer ? answer.error() : *answer->problem).reason.c_str());
      return;
    }
    awaited = std::move(answer->awaited);
    const auto table = hanfs::read_text_file(proc_locks, true);
    const std::size_t locks =
        table ? hanfs::locks_on_device(*table, static_cast<dev_t>(answer->device)) : std::size_t{0};
    if (settle.settled(Clock::now(), awaited.size(), locks)) break;
  }
  if (auto ended = hanfs::end_lockd_grace(context.host, context.deadline); !ended) {
    hanfs::log_warn("%s: it runs its course", ended.error().reason.c_str());
    return;
  }
  hanfs::log_info("all %zu client(s) reclaimed: lockd's grace ended %.1f s after the notification", clients,
                  seconds_since(started));
}

}  // namespace hanfs::nfs_notify
