// The metadata declarations' own queries and the usage text: no XML here, so
// an agent links this without libxml2 (see metadata_xml.cpp).
#include "common/ocf/metadata.h"

#include <algorithm>
#include <set>

namespace hanfs {

std::string_view type_name(ParameterDecl::Type type) {
  switch (type) {
    case ParameterDecl::Type::string: return "string";
    case ParameterDecl::Type::integer: return "integer";
    case ParameterDecl::Type::boolean: return "boolean";
    case ParameterDecl::Type::select: return "select";
    case ParameterDecl::Type::time: return "time";
  }
  return "string";
}

const ParameterDecl* Metadata::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (p.name == name) return &p;
  return nullptr;
}

bool Metadata::declares_action(std::string_view name) const {
  return std::any_of(actions.begin(), actions.end(), [&](const ActionDecl& a) { return a.name == name; });
}

std::vector<int> Metadata::monitor_depths() const {
  std::vector<int> depths{0};
  for (const auto& a : actions)
    if (a.name == "monitor" && a.depth && *a.depth > 0) depths.push_back(*a.depth);
  std::sort(depths.begin(), depths.end());
  depths.erase(std::unique(depths.begin(), depths.end()), depths.end());
  return depths;
}

std::string usage_text(const Metadata& metadata) {
  std::string names;
  std::set<std::string, std::less<>> seen;
  for (const auto& a : metadata.actions) {
    if (!seen.insert(a.name).second) continue;
    names += (names.empty() ? "" : "|") + a.name;
  }
  return "usage: " + metadata.agent + " {" + names + "|usage}\n"
         "An OCF resource agent; parameters come from OCF_RESKEY_<name> variables.\n"
         "Run '" + metadata.agent + " meta-data' for the parameters and their meaning.\n";
}

}  // namespace hanfs
