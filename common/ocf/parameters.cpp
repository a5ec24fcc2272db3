#include "common/ocf/parameters.h"

#include <algorithm>
#include <stdexcept>

#include "common/core/text.h"

namespace hanfs {

namespace {

std::string options_list(const ParameterDecl& decl) {
  std::string out;
  for (const auto& o : decl.options) out += (out.empty() ? "" : ", ") + o;
  return out;
}

}  // namespace

Result<void> check_value(const ParameterDecl& decl, const std::string& raw) {
  auto bad = [&](const std::string& allowed) {
    return fail(OcfStatus::err_configured, "parameter " + decl.name + "='" + text::one_line(raw) +
                                               "' is not valid: " + allowed);
  };
  switch (decl.type) {
    case ParameterDecl::Type::integer:
      if (!text::parse_int(text::trim(raw))) return bad("expected an integer");
      break;
    case ParameterDecl::Type::boolean:
      if (!text::parse_bool(raw)) return bad("expected a boolean (true/false, yes/no, 1/0)");
      break;
    case ParameterDecl::Type::select:
      if (std::find(decl.options.begin(), decl.options.end(), text::trim(raw)) == decl.options.end())
        return bad("expected one of " + options_list(decl));
      break;
    case ParameterDecl::Type::string:
    case ParameterDecl::Type::time:
      break;
  }
  return {};
}

Parameters Parameters::build(const Metadata& md, const EnvMap& raw, std::vector<Outcome>& problems) {
  Parameters params;
  params.metadata_ = &md;
  for (const ParameterDecl& decl : md.parameters) {
    auto given = raw.find(decl.name);
    // Pacemaker passes an empty string for a parameter set to "": unset.
    const bool from_user = given != raw.end() && !text::trim(given->second).empty();
    if (!from_user) {
      if (decl.required) {
        problems.push_back(outcome(OcfStatus::err_configured,
                                   "required parameter " + decl.name + " is not set" +
                                       (decl.shortdesc.empty() ? "" : " (" + decl.shortdesc + ")")));
        continue;
      }
      if (!decl.default_value) continue;
    }
    std::string text_value = from_user ? given->second : *decl.default_value;
    bool user_value = from_user;
    if (auto checked = check_value(decl, text_value); !checked) {
      problems.push_back(checked.error());
      // Lenient readers (stop) get the default in place of a bad value, as
      // if it were unset: unlock_on_stop=maybe must not read as false.
      if (!from_user || !decl.default_value || !check_value(decl, *decl.default_value)) continue;
      text_value = *decl.default_value;
      user_value = false;
    }
    Value v;
    v.from_user = user_value;
    // Strings keep their spaces (directory names may have them); the typed
    // ones are read trimmed.
    v.text = decl.type == ParameterDecl::Type::string ? text_value : std::string(text::trim(text_value));
    if (decl.type == ParameterDecl::Type::integer) v.number = *text::parse_int(v.text);
    if (decl.type == ParameterDecl::Type::boolean) v.flag = *text::parse_bool(v.text);
    params.values_.emplace(decl.name, std::move(v));
  }
  return params;
}

Result<Parameters> Parameters::from_env(const Metadata& metadata, const EnvMap& values) {
  std::vector<Outcome> problems;
  Parameters p = build(metadata, values, problems);
  if (!problems.empty()) return fail(problems.front());
  return p;
}

Parameters Parameters::lenient(const Metadata& metadata, const EnvMap& values,
                               std::vector<std::string>* problems) {
  std::vector<Outcome> found;
  Parameters p = build(metadata, values, found);
  if (problems)
    for (const auto& o : found) problems->push_back(o.reason);
  return p;
}

const Parameters::Value* Parameters::find(std::string_view name, ParameterDecl::Type wanted) const {
  const ParameterDecl* decl = metadata_ ? metadata_->parameter(name) : nullptr;
  if (!decl) throw std::logic_error("parameter '" + std::string(name) + "' is not declared");
  const bool compatible = decl->type == wanted ||
                          (wanted == ParameterDecl::Type::string &&
                           (decl->type == ParameterDecl::Type::select || decl->type == ParameterDecl::Type::time));
  if (!compatible)
    throw std::logic_error("parameter '" + std::string(name) + "' is a " + std::string(type_name(decl->type)) +
                           ", not a " + std::string(type_name(wanted)));
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

bool Parameters::has(std::string_view name) const { return values_.contains(name); }

bool Parameters::is_set(std::string_view name) const {
  auto it = values_.find(name);
  return it != values_.end() && it->second.from_user;
}

const std::string& Parameters::string(std::string_view name) const {
  static const std::string empty;
  const Value* v = find(name, ParameterDecl::Type::string);
  return v ? v->text : empty;
}

std::int64_t Parameters::integer(std::string_view name) const {
  const Value* v = find(name, ParameterDecl::Type::integer);
  return v ? v->number : 0;
}

bool Parameters::boolean(std::string_view name) const {
  const Value* v = find(name, ParameterDecl::Type::boolean);
  return v ? v->flag : false;
}

}  // namespace hanfs
