// An agent's configuration as its actions get it: parameters given as
// Pacemaker hands them (OCF_RESKEY_*, here a map), read through the shipped
// metadata, then the agent's own parser, strictly. One helper for every
// agent's configuration tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/ocf/parameters.h"
#include "common/sys/host.h"
#include "tests/unit/metadata_files.h"

namespace hanfs::testing {

// GOOD with CHANGES applied and UNSET removed, parsed by AGENT's PARSE.
template <typename Parse>
auto config_with(const std::string& agent, Parse parse, EnvMap values, const EnvMap& changes,
                 const std::vector<std::string>& unset = {}) {
  using Result = decltype(parse(std::declval<const Parameters&>(), Host::real()).strict());
  for (const auto& [k, v] : changes) values[k] = v;
  for (const auto& k : unset) values.erase(k);
  auto params = Parameters::from_env(agent_metadata(agent), values);
  if (!params) return Result(fail(params.error()));
  return parse(*params, Host::real()).strict();
}

// CONFIG was refused as misconfigured (6), and the reason names PARAMETER.
template <typename Config>
void expect_refused_naming(const Result<Config>& config, const std::string& parameter) {
  ASSERT_FALSE(config) << parameter;
  EXPECT_EQ(config.error().status, OcfStatus::err_configured) << config.error().reason;
  EXPECT_NE(config.error().reason.find(parameter), std::string::npos) << config.error().reason;
}

}  // namespace hanfs::testing
