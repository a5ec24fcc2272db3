#include "common/ocf/ocf_env.h"

#include <algorithm>

#include "common/core/text.h"

extern char** environ;

namespace hanfs {

namespace {
constexpr std::string_view reskey = "OCF_RESKEY_";
constexpr std::string_view meta_prefix = "OCF_RESKEY_CRM_meta_";

// Pacemaker passes times in ms as plain numbers; accept nothing else.
long long millis(const std::optional<std::string>& value) {
  if (!value) return 0;
  auto n = text::parse_int(text::trim(*value));
  return n && *n > 0 ? *n : 0;
}
}  // namespace

OcfEnv::OcfEnv(std::string action, EnvMap environment)
    : action_(std::move(action)), environment_(std::move(environment)) {
  for (const auto& [name, value] : environment_) {
    // Pacemaker passes its CIB feature set to every agent: not a parameter.
    if (name.starts_with(reskey) && !name.starts_with("OCF_RESKEY_CRM_meta_") &&
        name != "OCF_RESKEY_crm_feature_set" && name.size() > reskey.size())
      parameters_.emplace(name.substr(reskey.size()), value);
  }
}

OcfEnv OcfEnv::from_process(int argc, char** argv) {
  EnvMap env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return OcfEnv(argc > 1 && argv[1] ? argv[1] : "", std::move(env));
}

std::optional<std::string> OcfEnv::variable(std::string_view name) const {
  auto it = environment_.find(name);
  if (it == environment_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> OcfEnv::meta(std::string_view name) const {
  return variable(std::string(meta_prefix) + std::string(name));
}

long long OcfEnv::timeout_ms() const { return millis(meta("timeout")); }
long long OcfEnv::interval_ms() const { return millis(meta("interval")); }

bool OcfEnv::is_probe() const { return action_ == "monitor" && interval_ms() == 0; }

int OcfEnv::check_level(const std::vector<int>& supported) const {
  auto asked = variable("OCF_CHECK_LEVEL");
  if (!asked) asked = variable("OCF_RESKEY_OCF_CHECK_LEVEL");
  if (!asked) return 0;
  auto level = text::parse_int(text::trim(*asked));
  if (!level || *level <= 0) return 0;
  int best = 0;
  for (int s : supported)
    if (s <= *level) best = std::max(best, s);
  return best;
}

std::string OcfEnv::instance() const {
  auto name = variable("OCF_RESOURCE_INSTANCE");
  return name && !name->empty() ? *name : "(unnamed)";
}

bool OcfEnv::speaks_ocf_1_1() const {
  auto major = text::parse_int(variable("OCF_RA_VERSION_MAJOR").value_or(""));
  auto minor = text::parse_int(variable("OCF_RA_VERSION_MINOR").value_or(""));
  if (!major) return false;
  return *major > 1 || (*major == 1 && minor && *minor >= 1);
}

std::string OcfEnv::rsc_tmp() const {
  auto dir = variable("HA_RSCTMP");
  return dir && !dir->empty() ? *dir : "/run/resource-agents";
}

std::string OcfEnv::exit_reason_prefix() const {
  auto prefix = variable("OCF_EXIT_REASON_PREFIX");
  return prefix && !prefix->empty() ? *prefix : "ocf-exit-reason:";
}

}  // namespace hanfs
