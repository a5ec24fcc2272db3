// What Pacemaker (or ocf-tester, crm_resource, a person) hands an agent:
// the action in argv[1] and everything else in the environment. Pure: built
// from a map so tests need no real environment.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hanfs {

using EnvMap = std::map<std::string, std::string, std::less<>>;

class OcfEnv {
 public:
  OcfEnv(std::string action, EnvMap environment);
  // From the process: argv[1] (empty when missing) and environ.
  static OcfEnv from_process(int argc, char** argv);

  const std::string& action() const { return action_; }
  // OCF_RESKEY_<name> for instance parameters (CRM_meta_* excluded).
  const EnvMap& parameters() const { return parameters_; }
  // OCF_RESKEY_CRM_meta_<name>, name as Pacemaker spells it (timeout, interval,
  // clone, clone_max, on_node, notify, ...).
  std::optional<std::string> meta(std::string_view name) const;
  std::optional<std::string> variable(std::string_view name) const;

  // Milliseconds; 0 when unset or not a number.
  long long timeout_ms() const;
  long long interval_ms() const;
  // A monitor with no interval (or 0) is a probe: "is it running here?".
  bool is_probe() const;

  // The monitor depth asked for (OCF_CHECK_LEVEL, or OCF_RESKEY_OCF_CHECK_LEVEL
  // as crm_resource passes it), lowered to the deepest of `supported` that
  // does not exceed it; 0 when unset or unparseable.
  int check_level(const std::vector<int>& supported) const;

  // OCF_RESOURCE_INSTANCE, or "(unnamed)" for hand runs.
  std::string instance() const;
  // True when the caller speaks OCF 1.1 or later (OCF_RA_VERSION_*).
  bool speaks_ocf_1_1() const;
  // HA_RSCTMP, default /run/resource-agents.
  std::string rsc_tmp() const;
  // OCF_EXIT_REASON_PREFIX, default "ocf-exit-reason:".
  std::string exit_reason_prefix() const;

 private:
  std::string action_;
  EnvMap environment_;
  EnvMap parameters_;
};

}  // namespace hanfs
