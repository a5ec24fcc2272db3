#include "agents/nfs-notify/notify_runs.h"

#include <time.h>

#include <map>

#include "agents/nfs-notify/parameters.h"
#include "common/core/text.h"
#include "common/nfs/service_server.h"

namespace hanfs::nfs_notify {

namespace text = hanfs::text;
using hanfs::fail;
using hanfs::OcfStatus;

hanfs::StateFile state_file(const hanfs::ActionContext& context) {
  // On disk: <HA_RSCTMP>/hanfs-nfs-notify-<instance>.state.
  return hanfs::StateFile(context.env.rsc_tmp(), agent_name, context.env.instance());
}

hanfs::StateValues encode(const Activation& activation) {
  hanfs::StateValues values{{"started", std::to_string(activation.started)},
                            {"retry_minutes", std::to_string(activation.retry_minutes)},
                            {"runs", std::to_string(activation.runs.size())}};
  for (std::size_t i = 0; i < activation.runs.size(); ++i) {
    const Run& run = activation.runs[i];
    const std::string key = "run." + std::to_string(i) + ".";
    values[key + "host"] = run.host;
    values[key + "dir"] = run.dir;
    values[key + "process"] = run.process ? run.process->to_string() : "none";
  }
  return values;
}

hanfs::Result<Activation> decode(const hanfs::StateValues& values) {
  const auto damaged = [](const std::string& what) {
    return fail(OcfStatus::err_generic, "the state file is damaged (" + what + "): stop and start the resource");
  };
  const auto get = [&](const std::string& key) -> const std::string* {
    const auto found = values.find(key);
    return found == values.end() ? nullptr : &found->second;
  };
  // -1 for a missing or malformed number (every valid one is >= 0).
  const auto number = [&](const std::string& key) -> std::int64_t {
    const auto* value = get(key);
    const auto parsed = value ? text::parse_int(*value) : std::nullopt;
    return parsed.value_or(-1);
  };
  Activation activation;
  const std::int64_t started = number("started");
  const std::int64_t retry = number("retry_minutes");
  const std::int64_t runs = number("runs");
  if (started < 0 || retry < 0 || retry > 1000000 || runs < 0 || runs > 1000) return damaged("header");
  activation.started = started;
  activation.retry_minutes = static_cast<int>(retry);
  for (std::int64_t i = 0; i < runs; ++i) {
    const std::string key = "run." + std::to_string(i) + ".";
    const auto* host = get(key + "host");
    const auto* dir = get(key + "dir");
    const auto* process = get(key + "process");
    if (!host || !dir || !process) return damaged("run " + std::to_string(i));
    Run run{*host, *dir, std::nullopt};
    if (*process != "none") {
      run.process = hanfs::ProcessId::parse(*process);
      if (!run.process) return damaged("process of run " + std::to_string(i));
    }
    activation.runs.push_back(std::move(run));
  }
  return activation;
}

long long boot_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_BOOTTIME, &now);
  return static_cast<long long>(now.tv_sec);
}

hanfs::Outcome assess(const Activation& activation, const std::vector<RunProgress>& progress, long long now) {
  const bool window_over =
      activation.retry_minutes > 0 && now - activation.started >= 60LL * activation.retry_minutes;
  std::map<std::string, std::vector<std::string>> unreached;  // client -> addresses
  std::vector<std::string> ended_early;
  for (std::size_t i = 0; i < activation.runs.size() && i < progress.size(); ++i) {
    const RunProgress& p = progress[i];
    if (p.remaining.empty()) continue;                       // done
    const bool early = !p.alive && !window_over;
    if (!window_over && !early) continue;                    // in progress
    for (const auto& [client, lines] : p.remaining) unreached[client].push_back(activation.runs[i].host);
    if (early)
      ended_early.push_back("sm-notify -v " + activation.runs[i].host + " ended early" +
                            (p.last_log_line.empty() ? "" : " (" + p.last_log_line + ")"));
  }
  if (unreached.empty()) return hanfs::Outcome::success();

  std::string names;
  for (const auto& [client, hosts] : unreached) {
    names += names.empty() ? "" : ", ";
    names += client;
    if (hosts.size() < activation.runs.size()) {
      names += " (from ";
      for (std::size_t i = 0; i < hosts.size(); ++i) names += (i ? " " : "") + hosts[i];
      names += ")";
    }
  }
  std::string reason = std::to_string(unreached.size()) + (unreached.size() == 1 ? " client" : " clients") +
                       " not notified";
  reason += window_over ? " within the " + std::to_string(activation.retry_minutes) + "-minute retry window: "
                        : ": ";
  reason += names;
  for (const auto& e : ended_early) reason += "; " + e;
  reason += "; they may have lost their NFSv3 locks";
  return hanfs::outcome(OcfStatus::degraded, text::one_line(reason));
}


std::vector<hanfs::ProcessId> running_sm_notify_of_ours(const Config& config, const hanfs::ActionContext& context) {
  std::vector<hanfs::ProcessId> ours;
  if (config.statd_dir.empty()) return ours;
  const std::string copies = hanfs::inside_path(context.host, copies_dir(config, context.env.instance())) + "/";
  for (const auto& p : hanfs::processes_named("sm-notify", context.host.proc))
    for (std::size_t i = 0; i + 1 < p.argv.size(); ++i)
      if (p.argv[i] == "-P" && p.argv[i + 1].starts_with(copies)) {
        ours.push_back(p.id);
        break;
      }
  return ours;
}

}  // namespace hanfs::nfs_notify
