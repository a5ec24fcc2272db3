// Every parameter of an agent at hostile values (leading dashes, commas,
// line breaks, very long, not UTF-8, shell syntax): the dispatcher's checks
// and the agent's one parser must not crash, and must either parse the value
// or refuse it with err_configured, on one line, naming the parameter.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "common/ocf/metadata.h"
#include "common/ocf/parameters.h"

namespace hanfs::testing {

inline const std::vector<std::string>& hostile_values() {
  static const std::vector<std::string> values{
      "-", "-x", "--help", "-o rw", ",", "a,b", ",,", "a\nb", "\n", "a\rb", "a\tb", std::string(5000, 'a'),
      std::string(5000, '/'), "/" + std::string(5000, 'a'), "\xff\xfe", "\xc3\x28", "/srv/\xff", "", " ",
      "..", "/../..", "$(reboot)", "`id`", "a;b", "\"", "'", "\\", "*", "@", "[", "0", "-1",
      "99999999999999999999", "/"};
  return values;
}

// A problem found for `name`: err_configured, one line, naming it.
inline void expect_names_parameter(const Outcome& problem, const std::string& name, const std::string& value) {
  EXPECT_EQ(problem.status, OcfStatus::err_configured) << name << "=" << value << ": " << problem.reason;
  EXPECT_NE(problem.reason.find(name), std::string::npos) << name << "=<" << value << ">: " << problem.reason;
  EXPECT_EQ(problem.reason.find('\n'), std::string::npos) << name << ": " << problem.reason;
}

// `parse` runs the agent's parser over parameters and returns its problems.
inline void feed_hostile_values(const Metadata& metadata, const EnvMap& good,
                                const std::function<std::vector<Outcome>(const Parameters&)>& parse) {
  for (const auto& decl : metadata.parameters) {
    for (const auto& value : hostile_values()) {
      EnvMap values = good;
      values[decl.name] = value;
      auto params = Parameters::from_env(metadata, values);
      if (!params) {
        expect_names_parameter(params.error(), decl.name, value);
        continue;
      }
      const auto problems = parse(*params);
      if (!problems.empty()) expect_names_parameter(problems.front(), decl.name, value);
    }
  }
}

}  // namespace hanfs::testing
