// An instance's parameters as typed values, checked against the metadata:
// required ones present, integers, booleans and selects well-formed, defaults
// filled in. A problem names the parameter and what is allowed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/ocf/metadata.h"
#include "common/ocf/ocf_env.h"
#include "common/core/ocf_status.h"

namespace hanfs {

class Parameters {
 public:
  // Strict: the first problem is the error (err_configured).
  static Result<Parameters> from_env(const Metadata& metadata, const EnvMap& values);
  // Lenient, for stop: bad values are dropped as if unset (defaults apply),
  // so an agent can still stop what it can identify. `problems` lists them.
  static Parameters lenient(const Metadata& metadata, const EnvMap& values,
                            std::vector<std::string>* problems = nullptr);

  // Set by the user or defaulted.
  bool has(std::string_view name) const;
  // Set by the user (not a default).
  bool is_set(std::string_view name) const;

  // Typed reads. Asking for an undeclared name, or with the wrong type, is a
  // bug in the agent: std::logic_error, which main turns into exit 1.
  const std::string& string(std::string_view name) const;  // "" when absent
  std::int64_t integer(std::string_view name) const;       // 0 when absent
  bool boolean(std::string_view name) const;               // false when absent

  // Names of the declared, set parameters whose values differ from `other`
  // (for reload-agent).
  std::vector<std::string> changed_from(const Parameters& other) const;

 private:
  struct Value {
    std::string text;
    std::int64_t number = 0;
    bool flag = false;
    bool from_user = false;
  };
  const Value* find(std::string_view name, ParameterDecl::Type wanted) const;
  // Every declared value; problems in declaration order, their values unset.
  static Parameters build(const Metadata& metadata, const EnvMap& raw, std::vector<Outcome>& problems);

  const Metadata* metadata_ = nullptr;
  std::map<std::string, Value, std::less<>> values_;
};

// Checks one raw value against its declaration; the error names the
// parameter and what it accepts.
Result<void> check_value(const ParameterDecl& decl, const std::string& raw);

}  // namespace hanfs
