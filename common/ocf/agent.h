// The dispatcher: an agent declares its actions and hands main() to
// run_agent(), which reads the OCF environment, answers meta-data and usage,
// checks parameters against the metadata, starts logging, computes the
// deadline, calls the action, and turns its Outcome into the exit status and
// the ocf-exit-reason line. This is the only place that does that mapping;
// nothing escapes it as an exception.
#pragma once

#include <chrono>

#include <functional>
#include <string_view>

#include "common/core/deadline.h"
#include "common/ocf/metadata.h"
#include "common/ocf/ocf_env.h"
#include "common/core/ocf_status.h"
#include "common/ocf/parameters.h"
#include "common/sys/host.h"

namespace hanfs {

struct ActionContext {
  const OcfEnv& env;
  const Metadata& metadata;
  const Parameters& params;
  const Deadline& deadline;
  // The system the action works on: the real node, or a test's fake one.
  const Host& host;
  // Stop gets the parameters that parsed even when others did not (stop
  // must succeed with a broken configuration); false then.
  bool params_valid = true;
  // The monitor depth, already lowered to one the metadata declares.
  int check_level = 0;
};

using ActionHandler = std::function<Outcome(const ActionContext&)>;

struct AgentDefinition {
  std::string_view metadata_xml;
  ActionHandler start;
  ActionHandler stop;
  ActionHandler monitor;
  // Agent-specific checks after the parameter checks; may be empty.
  ActionHandler validate;
  // Only when the metadata declares reload-agent.
  ActionHandler reload_agent = {};
  // Deadline when Pacemaker gave none (hand runs, ocf-tester).
  std::chrono::milliseconds default_timeout{20000};
};

// Runs the action named in argv[1]; returns the process exit status.
int run_agent(const AgentDefinition& agent, int argc, char** argv);
// The same from a prepared environment (tests).
int run_agent(const AgentDefinition& agent, const OcfEnv& env);
// One action as the dispatcher runs it (parameters checked, stop lenient,
// deadline, depth) on the given host, returning its Outcome instead of
// exiting: how the agents' unit tests run start, stop and monitor.
Outcome run_action(const AgentDefinition& agent, const OcfEnv& env, const Host& host,
                   std::chrono::milliseconds elapsed = std::chrono::milliseconds(0));

}  // namespace hanfs
