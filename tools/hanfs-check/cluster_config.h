// The cluster's configuration as hanfs-check needs it, parsed from CIB XML
// text (what `cibadmin -Q` prints, or the <cib> of `pcs cluster cib`): the
// primitives with their agent and instance attributes, the groups in order,
// the clones, the nodes and the order constraints. Pure. Only fixed paths
// below <configuration> are walked (no recursion), the text is bounded, and
// entities are not expanded: any input gives a config or an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"

namespace hanfs::check {

struct Primitive {
  std::string id;
  std::string agent_class;  // "ocf"
  std::string provider;     // "heartbeat", "hanfs"
  std::string type;         // "exportfs"
  std::map<std::string, std::string> attributes;  // instance_attributes; the first set that names one wins
  std::string group;        // "" when in none
  int position = -1;        // index in the group, -1 when in none
  std::string clone;        // id of the clone holding it (or its group), "" when none

  // "ocf:heartbeat:exportfs" (no provider for other classes: "systemd:nfs-server").
  std::string agent() const;
  bool is(std::string_view agent_name) const { return agent() == agent_name; }
  // The attribute's value, nullopt when unset. An empty value counts as unset
  // (pcs writes "name=" to delete).
  std::optional<std::string> attribute(const std::string& name) const;
};

struct Group {
  std::string id;
  std::vector<std::string> members;  // primitive ids, in start order
};

struct OrderConstraint {
  std::string id;
  std::string first, then;            // resource ids (primitive, group or clone)
  std::string first_action = "start", then_action = "start";
  std::string kind = "Mandatory";     // Mandatory, Optional, Serialize
  bool symmetrical = true;
};

struct ClusterConfig {
  std::vector<Primitive> primitives;  // in document order
  std::vector<Group> groups;
  std::vector<std::string> clones;
  std::vector<std::string> nodes;     // uname of each node
  std::vector<OrderConstraint> orders;

  const Primitive* primitive(std::string_view id) const;
  const Group* group(std::string_view id) const;
  // The primitives of a group, in order (none for an unknown group).
  std::vector<const Primitive*> members(const Group& group) const;
};

// The largest CIB accepted (cibadmin's output is capped at the same size).
constexpr std::size_t max_cib_bytes = 64u << 20;

// err_generic with the parser's reason for text that is not XML, too large,
// or not a CIB (no <cib><configuration>).
Result<ClusterConfig> parse_cib(std::string_view xml);

}  // namespace hanfs::check
