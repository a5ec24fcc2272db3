// parse_metadata() and render_metadata(): the part of metadata.h that needs
// libxml2. Agents do not link it: the build runs it (tools/metadata-compile)
// and compiles the result in (compiled_metadata.h).
#include "common/ocf/metadata.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <memory>
#include <set>

#include "common/core/text.h"
#include "common/core/xml_tree.h"

namespace hanfs {

namespace {

using xml::as_string;
using xml::attribute;
using xml::child;
using xml::children;
using xml::content_of;
using xml::is_element;
using xml::X;
using DocPtr = xml::Doc;

// Descriptions are written indented in the XML; collapse the layout.
std::string flow_text(const std::string& s) {
  std::string out;
  for (const auto& word : text::split_words(s)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

bool is_true(const std::optional<std::string>& v) { return v && (*v == "1" || *v == "true"); }

std::optional<ParameterDecl::Type> parse_type(const std::string& s) {
  using T = ParameterDecl::Type;
  if (s == "string") return T::string;
  if (s == "integer") return T::integer;
  if (s == "boolean") return T::boolean;
  if (s == "select") return T::select;
  if (s == "time") return T::time;
  return std::nullopt;
}


Result<ParameterDecl> parse_parameter(xmlNode* node) {
  ParameterDecl p;
  p.name = attribute(node, "name").value_or("");
  auto bad = [&](const std::string& why) {
    return fail(OcfStatus::err_generic, "metadata: parameter '" + p.name + "': " + why);
  };
  if (p.name.empty() || !std::all_of(p.name.begin(), p.name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      }))
    return bad("name must be letters, digits and '_'");
  p.required = is_true(attribute(node, "required"));
  p.reloadable = is_true(attribute(node, "reloadable"));
  p.unique_group = attribute(node, "unique-group").value_or("");
  p.deprecated = child(node, "deprecated") != nullptr;
  p.shortdesc = flow_text(content_of(child(node, "shortdesc")));

  xmlNode* content = child(node, "content");
  if (!content) return bad("has no <content>");
  auto type = parse_type(attribute(content, "type").value_or(""));
  if (!type) return bad("unknown content type '" + attribute(content, "type").value_or("") + "'");
  p.type = *type;
  for (xmlNode* option : children(content, "option"))
    p.options.push_back(attribute(option, "value").value_or(""));
  if (p.type == ParameterDecl::Type::select && p.options.empty()) return bad("select without options");
  p.default_value = attribute(content, "default");
  if (p.required && p.default_value) return bad("required and has a default");
  if (p.default_value) {
    const std::string& d = *p.default_value;
    if (p.type == ParameterDecl::Type::integer && !text::parse_int(d))
      return bad("default '" + d + "' is not an integer");
    if (p.type == ParameterDecl::Type::boolean && !text::parse_bool(d))
      return bad("default '" + d + "' is not a boolean");
    if (p.type == ParameterDecl::Type::select &&
        std::find(p.options.begin(), p.options.end(), d) == p.options.end())
      return bad("default '" + d + "' is not one of its options");
  }
  return p;
}

// ---- 1.0 rendering ------------------------------------------------------

// Actions ra-api-1.dtd knows; anything else (reload-agent) is OCF 1.1 only.
const std::set<std::string, std::less<>> dtd_actions = {
    "start",   "stop",   "recover", "monitor",  "restart", "migrate_to",   "migrate_from", "promote",
    "demote",  "notify", "status",  "reload",   "meta-data", "usage",      "methods",      "validate-all"};

xmlNode* add_text_child(xmlNode* parent, const char* name, const std::string& value) {
  return xmlNewTextChild(parent, nullptr, X(name), X(value.c_str()));
}

void add_description(xmlNode* to, xmlNode* from, const char* name, const std::string& extra) {
  std::string body = flow_text(content_of(child(from, name)));
  if (!extra.empty()) body += (body.empty() ? "" : " ") + extra;
  xmlNode* d = add_text_child(to, name, body);
  xmlNewProp(d, X("lang"), X("en"));
}

std::string dtd_type(ParameterDecl::Type t) {
  switch (t) {
    case ParameterDecl::Type::integer: return "integer";
    case ParameterDecl::Type::boolean: return "boolean";
    case ParameterDecl::Type::time: return "time";
    default: return "string";
  }
}

Result<std::string> render_1_0(const Metadata& metadata) {
  auto source = xml::read(metadata.xml, "metadata");
  if (!source) return fail(source.error());
  xmlNode* src_root = xmlDocGetRootElement(source->get());

  DocPtr out(xmlNewDoc(X("1.0")));
  xmlNode* root = xmlNewNode(nullptr, X("resource-agent"));
  xmlDocSetRootElement(out.get(), root);
  xmlCreateIntSubset(out.get(), X("resource-agent"), nullptr, X("ra-api-1.dtd"));
  xmlNewProp(root, X("name"), X(metadata.agent.c_str()));
  if (auto v = attribute(src_root, "version")) xmlNewProp(root, X("version"), X(v->c_str()));
  add_text_child(root, "version", "1.0");
  add_description(root, src_root, "longdesc", "");
  add_description(root, src_root, "shortdesc", "");

  xmlNode* params = xmlNewChild(root, nullptr, X("parameters"), nullptr);
  for (xmlNode* src : children(child(src_root, "parameters"), "parameter")) {
    const std::string name = attribute(src, "name").value_or("");
    const ParameterDecl* decl = metadata.parameter(name);
    if (!decl) continue;
    xmlNode* p = xmlNewChild(params, nullptr, X("parameter"), nullptr);
    xmlNewProp(p, X("name"), X(name.c_str()));
    xmlNewProp(p, X("required"), X(decl->required ? "1" : "0"));
    xmlNewProp(p, X("unique"), X(decl->unique_group.empty() ? "0" : "1"));
    std::string allowed;
    if (decl->type == ParameterDecl::Type::select) {
      allowed = "Allowed values:";
      for (std::size_t i = 0; i < decl->options.size(); ++i)
        allowed += (i ? ", " : " ") + decl->options[i];
      allowed += ".";
    }
    add_description(p, src, "longdesc", allowed);
    add_description(p, src, "shortdesc", "");
    xmlNode* content = xmlNewChild(p, nullptr, X("content"), nullptr);
    xmlNewProp(content, X("type"), X(dtd_type(decl->type).c_str()));
    if (decl->default_value) xmlNewProp(content, X("default"), X(decl->default_value->c_str()));
  }

  xmlNode* actions = xmlNewChild(root, nullptr, X("actions"), nullptr);
  for (const ActionDecl& a : metadata.actions) {
    if (!dtd_actions.contains(a.name)) continue;
    xmlNode* node = xmlNewChild(actions, nullptr, X("action"), nullptr);
    xmlNewProp(node, X("name"), X(a.name.c_str()));
    xmlNewProp(node, X("timeout"), X(a.timeout.empty() ? "20s" : a.timeout.c_str()));
    if (!a.interval.empty()) xmlNewProp(node, X("interval"), X(a.interval.c_str()));
    if (a.depth) xmlNewProp(node, X("depth"), X(std::to_string(*a.depth).c_str()));
  }

  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(out.get(), &buffer, &size, "UTF-8", 1);
  std::string rendered(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return rendered;
}

}  // namespace

Result<Metadata> parse_metadata(std::string_view xml) {
  auto doc = xml::read(xml, "metadata");
  if (!doc) return fail(doc.error());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!root || !is_element(root, "resource-agent"))
    return fail(OcfStatus::err_generic, "metadata: root element is not <resource-agent>");

  Metadata md;
  md.xml = std::string(xml);
  md.agent = attribute(root, "name").value_or("");
  if (md.agent.empty()) return fail(OcfStatus::err_generic, "metadata: <resource-agent> has no name");

  for (xmlNode* node : children(child(root, "parameters"), "parameter")) {
    auto p = parse_parameter(node);
    if (!p) return fail(p.error());
    if (md.parameter(p->name))
      return fail(OcfStatus::err_generic, "metadata: parameter '" + p->name + "' declared twice");
    md.parameters.push_back(std::move(*p));
  }
  for (xmlNode* node : children(child(root, "actions"), "action")) {
    ActionDecl a;
    a.name = attribute(node, "name").value_or("");
    a.timeout = attribute(node, "timeout").value_or("");
    a.interval = attribute(node, "interval").value_or("");
    if (auto depth = attribute(node, "depth")) {
      auto d = text::parse_int(*depth);
      if (!d || *d < 0 || *d > 1000)
        return fail(OcfStatus::err_generic, "metadata: action '" + a.name + "' has a bad depth");
      a.depth = static_cast<int>(*d);
    }
    md.actions.push_back(std::move(a));
  }
  for (const char* needed : {"start", "stop", "monitor", "meta-data"})
    if (!md.declares_action(needed))
      return fail(OcfStatus::err_generic, std::string("metadata: required action '") + needed + "' missing");
  return md;
}

Result<std::string> render_metadata(const Metadata& metadata, OcfDialect dialect) {
  if (dialect == OcfDialect::v1_1) return metadata.xml;
  return render_1_0(metadata);
}

}  // namespace hanfs
