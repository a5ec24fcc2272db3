#include "common/ocf/agent.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "common/ocf/compiled_metadata.h"
#include "common/ocf/log.h"
#include "common/core/text.h"
#include "common/sys/proc_stat.h"

namespace hanfs {

namespace {

// ---- The watchdog ------------------------------------------------------------
// Why two layers: the runners and the deadline make every action end before
// the timeout by construction, but only for the code that goes through them
// (a loop in an action, a lock wait, a system call that returns late but does
// return); the watchdog holds for all of it, so Pacemaker gets 1 and a reason,
// never a silent SIGKILL. Its limit is past the deadline with room for the
// work after the last command (deadline.h), so a healthy action never meets
// it. It cannot help an agent stuck in uninterruptible sleep itself (a signal
// waits for the system call): what may block on storage runs in a child task.
// A POSIX timer signalling the process (not SIGEV_THREAD: the agent stays
// single-threaded, process.h's PDEATHSIG relies on it); timers are not
// inherited by fork(), so children never see it. The handler makes only
// async-signal-safe calls: the line is built before the timer is armed.

char watchdog_line[768];
std::size_t watchdog_line_size = 0;

extern "C" void on_watchdog(int) {
  std::size_t done = 0;
  while (done < watchdog_line_size) {
    const ssize_t n = ::write(STDERR_FILENO, watchdog_line + done, watchdog_line_size - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  // The children it still waits for die with it (PDEATHSIG).
  ::_exit(static_cast<int>(OcfStatus::err_generic));
}

void arm_watchdog(const OcfEnv& env, std::chrono::milliseconds elapsed) {
  const auto limit = Deadline::hard_limit(env.timeout_ms(), elapsed);
  if (!limit) return;  // no timeout from Pacemaker: nobody will kill us
  const std::string line = env.exit_reason_prefix() + text::one_line(env.action()).substr(0, 64) +
                           " did not finish within its timeout (" + std::to_string(env.timeout_ms()) +
                           " ms): ended by the agent's own watchdog at " + std::to_string(limit->count() + elapsed.count()) +
                           " ms\n";
  watchdog_line_size = std::min(line.size(), sizeof watchdog_line);
  std::memcpy(watchdog_line, line.data(), watchdog_line_size);

  struct sigaction action {};
  action.sa_handler = on_watchdog;
  sigfillset(&action.sa_mask);
  if (::sigaction(SIGALRM, &action, nullptr) != 0) return;
  sigset_t alarm_only;
  sigemptyset(&alarm_only);
  sigaddset(&alarm_only, SIGALRM);
  ::sigprocmask(SIG_UNBLOCK, &alarm_only, nullptr);
  sigevent event {};
  event.sigev_notify = SIGEV_SIGNAL;
  event.sigev_signo = SIGALRM;
  timer_t timer;
  if (::timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) {
    ::alarm(static_cast<unsigned>((limit->count() + 999) / 1000));  // rounded up: never early
    return;
  }
  itimerspec when {};
  when.it_value.tv_sec = static_cast<time_t>(limit->count() / 1000);
  when.it_value.tv_nsec = static_cast<long>(limit->count() % 1000) * 1000000L;
  ::timer_settime(timer, 0, &when, nullptr);
}

// Only here does an Outcome become an exit status and a reason line.
int finish(const OcfEnv& env, const Outcome& outcome) {
  if (!outcome.reason.empty()) {
    const std::string reason = text::one_line(outcome.reason);
    if (outcome.ok()) log_info("%s", reason.c_str());
    else if (outcome.status == OcfStatus::not_running) log_info("not running: %s", reason.c_str());
    else log_error("%s: %s", std::string(status_name(outcome.status)).c_str(), reason.c_str());
    // The last such line on stderr is what crm_mon shows.
    if (!outcome.ok()) std::fprintf(stderr, "%s%s\n", env.exit_reason_prefix().c_str(), reason.c_str());
  }
  std::fflush(stdout);
  std::fflush(stderr);
  log_fini();
  return static_cast<int>(outcome.status);
}

const ActionHandler* handler_for(const AgentDefinition& agent, std::string_view action) {
  if (action == "start") return &agent.start;
  if (action == "stop") return &agent.stop;
  if (action == "monitor") return &agent.monitor;
  if (action == "reload-agent") return &agent.reload_agent;
  return nullptr;
}

Outcome dispatch(const AgentDefinition& agent, const OcfEnv& env, const Host& host, std::chrono::milliseconds elapsed) {
  // Parsed and rendered at build time (compiled_metadata.h): no XML here.
  auto compiled = compiled_metadata_for(agent.metadata_xml);
  if (!compiled) return compiled.error();
  const Metadata* metadata = &(*compiled)->metadata;
  const std::string& action = env.action();

  if (action == "meta-data") {
    const std::string_view xml =
        (*compiled)->render(env.speaks_ocf_1_1() ? OcfDialect::v1_1 : OcfDialect::v1_0);
    std::fwrite(xml.data(), 1, xml.size(), stdout);
    return Outcome::success();
  }
  if (action == "usage" || action == "help" || action == "--help") {
    std::fputs(usage_text(*metadata).c_str(), stdout);
    return Outcome::success();
  }
  const ActionHandler* handler = handler_for(agent, action);
  const bool known = action == "validate-all" || (handler && *handler);
  if (!known || !metadata->declares_action(action)) {
    std::fputs(usage_text(*metadata).c_str(), stderr);
    // Usage (on stderr above) lists the actions this agent has.
    if (action.empty()) return outcome(OcfStatus::err_args, "no action given: see usage");
    return outcome(OcfStatus::err_unimplemented, "unknown action '" + action + "': see usage for this agent's actions");
  }

  log_init(metadata->agent, env);
  log_debug("%s begins", action.c_str());
  const Deadline deadline = Deadline::from_meta_timeout(env.timeout_ms(), agent.default_timeout, elapsed);

  for (const auto& [name, value] : env.parameters())
    if (!metadata->parameter(name)) log_warn("ignoring unknown parameter %s", name.c_str());

  std::vector<std::string> problems;
  auto strict = Parameters::from_env(*metadata, env.parameters());
  if (!strict && action != "stop") return strict.error();
  // Stop must succeed with a broken configuration: give it what parsed.
  const Parameters params = strict ? *strict : Parameters::lenient(*metadata, env.parameters(), &problems);
  for (const auto& p : problems) log_warn("stop with a broken configuration: %s", p.c_str());

  ActionContext context{env, *metadata, params, deadline, host, static_cast<bool>(strict),
                        env.check_level(metadata->monitor_depths())};
  if (action == "validate-all") return agent.validate ? agent.validate(context) : Outcome::success();
  return (*handler)(context);
}

}  // namespace

Outcome run_action(const AgentDefinition& agent, const OcfEnv& env, const Host& host,
                   std::chrono::milliseconds elapsed) {
  try {
    return dispatch(agent, env, host, elapsed);
  } catch (const std::exception& e) {
    return outcome(OcfStatus::err_generic, std::string("internal error: ") + e.what());
  } catch (...) {
    return outcome(OcfStatus::err_generic, "internal error: unknown exception");
  }
}

int run_agent(const AgentDefinition& agent, const OcfEnv& env) {
  // Only for the agent's own process: run_action() runs in the tests' one.
  // Pacemaker's clock started at its fork of this process, not at main.
  const auto elapsed = age_of_this_process();
  try {
    arm_watchdog(env, elapsed);
  } catch (...) {
  }
  const Outcome result = run_action(agent, env, Host::real(), elapsed);
  try {
    return finish(env, result);
  } catch (...) {
    return static_cast<int>(OcfStatus::err_generic);
  }
}

int run_agent(const AgentDefinition& agent, int argc, char** argv) {
  try {
    return run_agent(agent, OcfEnv::from_process(argc, argv));
  } catch (...) {
    std::fputs("ocf-exit-reason:internal error while reading the environment\n", stderr);
    return static_cast<int>(OcfStatus::err_generic);
  }
}

}  // namespace hanfs
