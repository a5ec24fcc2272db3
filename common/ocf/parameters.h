// An instance's parameters as typed values, checked against the metadata:
// required ones present, integers, booleans and selects well-formed, defaults
// filled in. A problem names the parameter and what is allowed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/ocf/log.h"
#include "common/ocf/metadata.h"
#include "common/ocf/ocf_env.h"
#include "common/core/ocf_status.h"

namespace hanfs {

// A parameter's name with the type its metadata declares. Each agent's
// names are generated from its metadata (hanfs_add_agent_logic writes
// agents/<agent>/parameters.h into the build tree), so a misspelt name or a
// read of the wrong type does not compile. select and time read as text.
struct TextParameter { std::string_view name; };
struct IntegerParameter { std::string_view name; };
struct BooleanParameter { std::string_view name; };

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

  // The same through the generated names (what agents use).
  bool has(TextParameter p) const { return has(p.name); }
  bool is_set(TextParameter p) const { return is_set(p.name); }
  bool is_set(IntegerParameter p) const { return is_set(p.name); }
  bool is_set(BooleanParameter p) const { return is_set(p.name); }
  const std::string& operator[](TextParameter p) const { return string(p.name); }
  std::int64_t operator[](IntegerParameter p) const { return integer(p.name); }
  bool operator[](BooleanParameter p) const { return boolean(p.name); }

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

// What an agent's one configuration parser yields: every value that parsed,
// and a problem for each that did not, in parameter order. start, monitor
// and validate-all take the configuration only when it is complete (the
// first problem is the error); stop takes what parsed, so it acts on
// exactly what start would have acted on.
template <class T>
struct Parsed {
  T value{};
  std::vector<Outcome> problems;

  bool complete() const { return problems.empty(); }
  void problem(OcfStatus status, std::string reason) { problems.push_back(outcome(status, std::move(reason))); }
  void problem(Outcome why) { problems.push_back(std::move(why)); }
  Result<T> strict() const {
    if (!problems.empty()) return fail(problems.front());
    return value;
  }
  // What stop acts on: the value, each problem logged first.
  const T& for_stop() const {
    for (const auto& p : problems) log_warn("stop with a broken configuration: %s", p.reason.c_str());
    return value;
  }
};

// Checks one raw value against its declaration; the error names the
// parameter and what it accepts.
Result<void> check_value(const ParameterDecl& decl, const std::string& raw);

}  // namespace hanfs
