#include "tools/hanfs-check/cluster_config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>

#include "common/core/text.h"
#include "common/core/xml_tree.h"

namespace hanfs::check {

namespace {

using xml::child;
using xml::children;
using xml::is_element;

// "" when the attribute is not there: the CIB's optional attributes read as unset.
std::string attribute(xmlNode* node, const char* name) { return xml::attribute(node, name).value_or(""); }

Primitive read_primitive(xmlNode* node, const std::string& group, int position, const std::string& clone) {
  Primitive p;
  p.id = attribute(node, "id");
  p.agent_class = attribute(node, "class");
  p.provider = attribute(node, "provider");
  p.type = attribute(node, "type");
  p.group = group;
  p.position = position;
  p.clone = clone;
  for (xmlNode* set : children(node, "instance_attributes"))
    for (xmlNode* pair : children(set, "nvpair")) {
      const std::string name = attribute(pair, "name");
      if (!name.empty()) p.attributes.emplace(name, attribute(pair, "value"));
    }
  return p;
}

void read_group(xmlNode* node, const std::string& clone, ClusterConfig& config) {
  Group g;
  g.id = attribute(node, "id");
  int position = 0;
  for (xmlNode* member : children(node, "primitive")) {
    config.primitives.push_back(read_primitive(member, g.id, position++, clone));
    g.members.push_back(config.primitives.back().id);
  }
  config.groups.push_back(std::move(g));
}

// A clone (or a promotable "master" of older CIBs) holds one primitive or group.
void read_clone(xmlNode* node, ClusterConfig& config) {
  const std::string id = attribute(node, "id");
  config.clones.push_back(id);
  for (xmlNode* c = node->children; c; c = c->next) {
    if (is_element(c, "primitive")) config.primitives.push_back(read_primitive(c, "", -1, id));
    else if (is_element(c, "group")) read_group(c, id, config);
  }
}

}  // namespace

std::string Primitive::agent() const {
  if (provider.empty()) return agent_class + ":" + type;
  return agent_class + ":" + provider + ":" + type;
}

std::optional<std::string> Primitive::attribute(const std::string& name) const {
  const auto it = attributes.find(name);
  if (it == attributes.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

const Primitive* ClusterConfig::primitive(std::string_view id) const {
  for (const auto& p : primitives)
    if (p.id == id) return &p;
  return nullptr;
}

const Group* ClusterConfig::group(std::string_view id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

std::vector<const Primitive*> ClusterConfig::members(const Group& g) const {
  std::vector<const Primitive*> out;
  for (const auto& id : g.members)
    if (const Primitive* p = primitive(id)) out.push_back(p);
  return out;
}

Result<ClusterConfig> parse_cib(std::string_view xml) {
  if (xml.size() > max_cib_bytes)
    return fail(OcfStatus::err_generic, "the CIB is larger than " + std::to_string(max_cib_bytes >> 20) + " MiB");
  auto doc = xml::read(xml, "the CIB");
  if (!doc) return fail(doc.error());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!root || !is_element(root, "cib"))
    return fail(OcfStatus::err_generic, "the XML is not a CIB (its root element is not <cib>)");
  xmlNode* configuration = child(root, "configuration");
  if (!configuration) return fail(OcfStatus::err_generic, "the CIB has no <configuration>");

  ClusterConfig config;
  for (xmlNode* node : children(child(configuration, "nodes"), "node")) config.nodes.push_back(attribute(node, "uname"));
  for (xmlNode* c = child(configuration, "resources") ? child(configuration, "resources")->children : nullptr; c;
       c = c->next) {
    if (is_element(c, "primitive")) config.primitives.push_back(read_primitive(c, "", -1, ""));
    else if (is_element(c, "group")) read_group(c, "", config);
    else if (is_element(c, "clone") || is_element(c, "master")) read_clone(c, config);
  }
  for (xmlNode* o : children(child(configuration, "constraints"), "rsc_order")) {
    OrderConstraint order;
    order.id = attribute(o, "id");
    order.first = attribute(o, "first");
    order.then = attribute(o, "then");
    if (auto a = attribute(o, "first-action"); !a.empty()) order.first_action = a;
    if (auto a = attribute(o, "then-action"); !a.empty()) order.then_action = a;
    if (auto k = attribute(o, "kind"); !k.empty()) order.kind = k;
    else if (attribute(o, "score") == "0") order.kind = "Optional";
    if (auto s = text::parse_bool(attribute(o, "symmetrical"))) order.symmetrical = *s;
    if (order.first.empty() || order.then.empty()) continue;  // resource sets: not read
    config.orders.push_back(std::move(order));
  }
  return config;
}

}  // namespace hanfs::check
